import type { ReadCatalogue } from './en.js';

/**
 * The Spanish catalogue (neutral Spanish, addressing the reader as «tú»), loaded on demand (see
 * ./loaders.ts). `many` is the form for round millions ("1 000 000 de comentarios").
 */
const es: ReadCatalogue = {
  'thread.heading': {
    one: '{count} comentario',
    many: '{count} de comentarios',
    other: '{count} comentarios',
  },
  'thread.label': 'Comentarios',
  'thread.loading': 'Cargando comentarios…',
  'thread.empty': 'Aún no hay comentarios. Empieza la conversación.',
  'thread.locked': 'Esta conversación está cerrada a nuevos comentarios.',
  'thread.loadFailed': 'No se pudieron cargar los comentarios.',
  'thread.retry': 'Reintentar',
  'thread.loadMore': 'Mostrar más comentarios',
  'thread.loadingMore': 'Cargando más comentarios…',
  'thread.newComments': {
    one: '{count} comentario nuevo',
    many: '{count} de comentarios nuevos',
    other: '{count} comentarios nuevos',
  },
  'sort.label': 'Ordenar por',
  'sort.oldest': 'Más antiguos primero',
  'sort.newest': 'Más recientes primero',
  'sort.top': 'Mejor valorados',
  'comment.anonymous': 'Anónimo',
  'comment.deleted': 'Este comentario se ha eliminado.',
  'comment.pending': 'Pendiente de moderación',
  'comment.edited': 'editado',
  'comment.inReplyTo': 'en respuesta a {name}',
  'comment.reply': 'Responder',
  'comment.edit': 'Editar',
  'comment.delete': 'Eliminar',
  'comment.voteUp': 'Votar a favor',
  'comment.voteDown': 'Votar en contra',
  'comment.score': 'Puntuación',
  'comment.hideReplies': {
    one: 'Ocultar {count} respuesta',
    many: 'Ocultar {count} de respuestas',
    other: 'Ocultar {count} respuestas',
  },
  'comment.showReplies': {
    one: 'Mostrar {count} respuesta',
    many: 'Mostrar {count} de respuestas',
    other: 'Mostrar {count} respuestas',
  },
  'comment.actions': 'Acciones para el comentario de {name}',
  'time.now': 'justo ahora',
  'error.invalid_request': 'El servidor no aceptó la solicitud.',
  'error.unauthorized': 'Tu sesión ha caducado. Inténtalo de nuevo.',
  'error.forbidden': 'No tienes permiso para hacer eso.',
  'error.not_found': 'No se encontró. Puede que se haya eliminado.',
  'error.conflict': 'Choca con un cambio hecho mientras tanto. Vuelve a cargar la página.',
  'error.payload_too_large': 'Es demasiado largo.',
  'error.unsupported_media_type': 'El servidor no pudo leer la solicitud.',
  'error.locked': 'Esta conversación está cerrada a nuevos comentarios.',
  'error.rate_limited': 'Demasiadas solicitudes. Espera un momento e inténtalo de nuevo.',
  'error.internal': 'El servidor de comentarios tuvo un problema. Inténtalo más tarde.',
  'error.unavailable':
    'El servidor de comentarios no está disponible ahora mismo. Inténtalo más tarde.',
  'error.network': 'No se pudo contactar con el servidor de comentarios. Revisa tu conexión.',
  'error.timeout': 'El servidor de comentarios tardó demasiado en responder.',
  'error.bad_response': 'El servidor de comentarios envió una respuesta que no se pudo leer.',
  'error.aborted': 'Se canceló la solicitud.',
  'error.config': 'Los comentarios no están configurados: falta el atributo endpoint.',
  'comment.report': 'Denunciar',
  'comment.verified': 'Cuenta verificada',
};

export default es;
