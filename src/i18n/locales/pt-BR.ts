import type { ReadCatalogue } from './en.js';

/**
 * The Brazilian Portuguese catalogue (addressing the reader as «você»), loaded on demand (see
 * ./loaders.ts); Portuguese readers of other regions get it too. `one` covers 0 and 1; `many` is
 * the form for round millions ("1.000.000 de comentários").
 */
const ptBR: ReadCatalogue = {
  'thread.heading': {
    one: '{count} comentário',
    many: '{count} de comentários',
    other: '{count} comentários',
  },
  'thread.label': 'Comentários',
  'thread.loading': 'Carregando comentários…',
  'thread.empty': 'Ainda não há comentários. Comece a conversa.',
  'thread.locked': 'Esta conversa está fechada para novos comentários.',
  'thread.loadFailed': 'Não foi possível carregar os comentários.',
  'thread.retry': 'Tentar de novo',
  'thread.loadMore': 'Mostrar mais comentários',
  'thread.loadingMore': 'Carregando mais comentários…',
  'thread.newComments': {
    one: '{count} comentário novo',
    many: '{count} de comentários novos',
    other: '{count} comentários novos',
  },
  'sort.label': 'Ordenar por',
  'sort.oldest': 'Mais antigos primeiro',
  'sort.newest': 'Mais recentes primeiro',
  'sort.top': 'Mais bem avaliados',
  'comment.anonymous': 'Anônimo',
  'comment.deleted': 'Este comentário foi excluído.',
  'comment.pending': 'Aguardando moderação',
  'comment.edited': 'editado',
  'comment.inReplyTo': 'em resposta a {name}',
  'comment.reply': 'Responder',
  'comment.edit': 'Editar',
  'comment.delete': 'Excluir',
  'comment.voteUp': 'Votar a favor',
  'comment.voteDown': 'Votar contra',
  'comment.score': 'Pontuação',
  'comment.hideReplies': {
    one: 'Ocultar {count} resposta',
    many: 'Ocultar {count} de respostas',
    other: 'Ocultar {count} respostas',
  },
  'comment.showReplies': {
    one: 'Mostrar {count} resposta',
    many: 'Mostrar {count} de respostas',
    other: 'Mostrar {count} respostas',
  },
  'comment.actions': 'Ações para o comentário de {name}',
  'time.now': 'agora mesmo',
  'error.invalid_request': 'O servidor não aceitou a solicitação.',
  'error.unauthorized': 'Sua sessão expirou. Tente de novo.',
  'error.forbidden': 'Você não tem permissão para fazer isso.',
  'error.not_found': 'Não foi encontrado. Talvez tenha sido excluído.',
  'error.conflict': 'Isso conflita com uma alteração feita nesse meio-tempo. Recarregue a página.',
  'error.payload_too_large': 'Isso é longo demais.',
  'error.unsupported_media_type': 'O servidor não conseguiu ler a solicitação.',
  'error.locked': 'Esta conversa está fechada para novos comentários.',
  'error.rate_limited': 'Solicitações demais. Aguarde um momento e tente de novo.',
  'error.internal': 'O servidor de comentários teve um problema. Tente mais tarde.',
  'error.unavailable': 'O servidor de comentários está indisponível agora. Tente mais tarde.',
  'error.network': 'Não foi possível acessar o servidor de comentários. Verifique sua conexão.',
  'error.timeout': 'O servidor de comentários demorou demais para responder.',
  'error.bad_response': 'O servidor de comentários enviou uma resposta ilegível.',
  'error.aborted': 'A solicitação foi cancelada.',
  'error.config': 'Os comentários não estão configurados: falta o atributo endpoint.',
  'comment.report': 'Denunciar',
  'comment.verified': 'Conta verificada',
};

export default ptBR;
