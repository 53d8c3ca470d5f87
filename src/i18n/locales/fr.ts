import type { ReadCatalogue } from './en.js';

/**
 * The French catalogue (addressing the reader as « vous »), loaded on demand (see ./loaders.ts).
 * `one` covers 0 and 1; `many` is the form for round millions (« 1 000 000 de commentaires »).
 */
const fr: ReadCatalogue = {
  'thread.heading': {
    one: '{count} commentaire',
    many: '{count} de commentaires',
    other: '{count} commentaires',
  },
  'thread.label': 'Commentaires',
  'thread.loading': 'Chargement des commentaires…',
  'thread.empty': 'Aucun commentaire pour l’instant. Lancez la conversation.',
  'thread.locked': 'Cette discussion est fermée aux nouveaux commentaires.',
  'thread.loadFailed': 'Les commentaires n’ont pas pu être chargés.',
  'thread.retry': 'Réessayer',
  'thread.loadMore': 'Afficher plus de commentaires',
  'thread.loadingMore': 'Chargement d’autres commentaires…',
  'thread.newComments': {
    one: '{count} nouveau commentaire',
    many: '{count} de nouveaux commentaires',
    other: '{count} nouveaux commentaires',
  },
  'sort.label': 'Trier par',
  'sort.oldest': 'Plus anciens d’abord',
  'sort.newest': 'Plus récents d’abord',
  'sort.top': 'Mieux notés',
  'comment.anonymous': 'Anonyme',
  'comment.deleted': 'Ce commentaire a été supprimé.',
  'comment.pending': 'En attente de modération',
  'comment.edited': 'modifié',
  'comment.inReplyTo': 'en réponse à {name}',
  'comment.reply': 'Répondre',
  'comment.edit': 'Modifier',
  'comment.delete': 'Supprimer',
  'comment.voteUp': 'Voter pour',
  'comment.voteDown': 'Voter contre',
  'comment.score': 'Score',
  'comment.hideReplies': {
    one: 'Masquer {count} réponse',
    many: 'Masquer {count} de réponses',
    other: 'Masquer {count} réponses',
  },
  'comment.showReplies': {
    one: 'Afficher {count} réponse',
    many: 'Afficher {count} de réponses',
    other: 'Afficher {count} réponses',
  },
  'comment.actions': 'Actions pour le commentaire de {name}',
  'time.now': 'à l’instant',
  'error.invalid_request': 'Le serveur n’a pas accepté la requête.',
  'error.unauthorized': 'Votre session a expiré. Veuillez réessayer.',
  'error.forbidden': 'Vous n’êtes pas autorisé à faire cela.',
  'error.not_found': 'Introuvable. Il a peut-être été supprimé.',
  'error.conflict': 'Cela entre en conflit avec une modification récente. Veuillez recharger.',
  'error.payload_too_large': 'C’est trop long.',
  'error.unsupported_media_type': 'Le serveur n’a pas pu lire la requête.',
  'error.locked': 'Cette discussion est fermée aux nouveaux commentaires.',
  'error.rate_limited': 'Trop de requêtes. Patientez un instant, puis réessayez.',
  'error.internal': 'Le serveur de commentaires a rencontré un problème. Réessayez plus tard.',
  'error.unavailable':
    'Le serveur de commentaires est indisponible pour le moment. Réessayez plus tard.',
  'error.network': 'Le serveur de commentaires est injoignable. Vérifiez votre connexion.',
  'error.timeout': 'Le serveur de commentaires a mis trop de temps à répondre.',
  'error.bad_response': 'La réponse du serveur de commentaires était illisible.',
  'error.aborted': 'La requête a été annulée.',
  'error.config': 'Les commentaires ne sont pas configurés : l’attribut endpoint manque.',
  'comment.report': 'Signaler',
  'comment.verified': 'Compte vérifié',
};

export default fr;
