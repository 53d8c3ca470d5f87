import type { ReadCatalogue } from './en.js';

/**
 * The Italian catalogue (addressing the reader as «tu»), loaded on demand (see ./loaders.ts).
 * `many` is the form for round millions ("1.000.000 di commenti").
 */
const it: ReadCatalogue = {
  'thread.heading': {
    one: '{count} commento',
    many: '{count} di commenti',
    other: '{count} commenti',
  },
  'thread.label': 'Commenti',
  'thread.loading': 'Caricamento dei commenti…',
  'thread.empty': 'Ancora nessun commento. Inizia tu la conversazione.',
  'thread.locked': 'Questa discussione è chiusa a nuovi commenti.',
  'thread.loadFailed': 'Non è stato possibile caricare i commenti.',
  'thread.retry': 'Riprova',
  'thread.loadMore': 'Mostra altri commenti',
  'thread.loadingMore': 'Caricamento di altri commenti…',
  'thread.newComments': {
    one: '{count} nuovo commento',
    many: '{count} di nuovi commenti',
    other: '{count} nuovi commenti',
  },
  'sort.label': 'Ordina per',
  'sort.oldest': 'Prima i meno recenti',
  'sort.newest': 'Prima i più recenti',
  'sort.top': 'I più votati',
  'comment.anonymous': 'Anonimo',
  'comment.deleted': 'Questo commento è stato eliminato.',
  'comment.pending': 'In attesa di moderazione',
  'comment.edited': 'modificato',
  'comment.inReplyTo': 'in risposta a {name}',
  'comment.reply': 'Rispondi',
  'comment.edit': 'Modifica',
  'comment.delete': 'Elimina',
  'comment.voteUp': 'Vota a favore',
  'comment.voteDown': 'Vota contro',
  'comment.score': 'Punteggio',
  'comment.hideReplies': {
    one: 'Nascondi {count} risposta',
    many: 'Nascondi {count} di risposte',
    other: 'Nascondi {count} risposte',
  },
  'comment.showReplies': {
    one: 'Mostra {count} risposta',
    many: 'Mostra {count} di risposte',
    other: 'Mostra {count} risposte',
  },
  'comment.actions': 'Azioni per il commento di {name}',
  'time.now': 'proprio ora',
  'error.invalid_request': 'Il server non ha accettato la richiesta.',
  'error.unauthorized': 'La sessione è scaduta. Riprova.',
  'error.forbidden': 'Non hai il permesso di farlo.',
  'error.not_found': 'Non trovato. Potrebbe essere stato eliminato.',
  'error.conflict': 'È in conflitto con una modifica fatta nel frattempo. Ricarica la pagina.',
  'error.payload_too_large': 'È troppo lungo.',
  'error.unsupported_media_type': 'Il server non è riuscito a leggere la richiesta.',
  'error.locked': 'Questa discussione è chiusa a nuovi commenti.',
  'error.rate_limited': 'Troppe richieste. Attendi un momento e riprova.',
  'error.internal': 'Il server dei commenti ha avuto un problema. Riprova più tardi.',
  'error.unavailable': 'Il server dei commenti non è disponibile al momento. Riprova più tardi.',
  'error.network': 'Impossibile raggiungere il server dei commenti. Controlla la connessione.',
  'error.timeout': 'Il server dei commenti ha impiegato troppo tempo a rispondere.',
  'error.bad_response': 'Il server dei commenti ha inviato una risposta illeggibile.',
  'error.aborted': 'La richiesta è stata annullata.',
  'error.config': 'I commenti non sono configurati: manca l’attributo endpoint.',
  'comment.report': 'Segnala',
  'comment.verified': 'Account verificato',
};

export default it;
