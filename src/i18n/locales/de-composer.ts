import type { WriteCatalogue } from './en-composer.js';

/** What the write path says in this language (see de.ts): loaded with the write path. */
const deComposer: WriteCatalogue = {
  'thread.posted': 'Ihr Kommentar wurde veröffentlicht.',
  'thread.updated': 'Ihr Kommentar wurde geändert.',
  'thread.deletedAnnounce': 'Ihr Kommentar wurde gelöscht.',
  'comment.deleteConfirm': 'Diesen Kommentar löschen?',
  'comment.deleteYes': 'Löschen',
  'comment.deleteNo': 'Behalten',
  'comment.voteRefused': 'Ihre Stimme wurde nicht gezählt. {reason}',
  'comment.deleteRefused': 'Der Kommentar wurde nicht gelöscht. {reason}',
  'comment.reported': 'Sie haben diesen Kommentar gemeldet. Danke.',
  'report.legend': 'Warum sollte die Moderation sich diesen Kommentar ansehen?',
  'report.spam': 'Spam oder Werbung',
  'report.abuse': 'Beleidigend oder hasserfüllt',
  'report.off_topic': 'Gehört nicht zum Thema',
  'report.other': 'Etwas anderes',
  'report.note': 'Hinweis an die Moderation (freiwillig)',
  'report.chooseReason': 'Bitte wählen Sie einen Grund.',
  'report.submit': 'Meldung senden',
  'report.sending': 'Wird gesendet…',
  'report.cancel': 'Abbrechen',
  'composer.signedInAs': 'Angemeldet als {name}',
  'error.sso_refused':
    'Ihre Anmeldung wurde nicht angenommen (sie ist vielleicht abgelaufen). Laden Sie die Seite neu, um sich erneut anzumelden; die Kommentare bleiben lesbar.',
  'composer.name': 'Name',
  'composer.email': 'E-Mail',
  'composer.emailNote':
    'Nur für Benachrichtigungen über Antworten, wenn Sie sie wünschen. Wird niemandem angezeigt.',
  'composer.notify': 'Bei Antworten per E-Mail benachrichtigen',
  'composer.notifySent':
    'Antworten werden an {email} geschickt. Ist diese Adresse hier neu, bestätigen Sie sie bitte über den Link, den wir gerade gesendet haben.',
  'composer.url': 'Website (freiwillig)',
  'composer.bodyNew': 'Ihr Kommentar',
  'composer.bodyReply': 'Ihre Antwort',
  'composer.bodyEdit': 'Kommentar bearbeiten',
  'composer.replyingTo': 'Antwort an {name}',
  'composer.hint': 'Markdown ist möglich. Strg+Enter sendet.',
  'composer.count': '{count} / {max}',
  'composer.suggestions': 'Beteiligte',
  'composer.preview': 'Vorschau',
  'composer.previewLabel': 'Vorschau Ihres Kommentars',
  'composer.previewLoading': 'Vorschau wird geladen …',
  'composer.previewEmpty': 'Noch nichts für eine Vorschau.',
  'composer.previewFailed': 'Die Vorschau konnte nicht geladen werden.',
  'composer.cancel': 'Abbrechen',
  'composer.submitNew': 'Kommentar senden',
  'composer.submitReply': 'Antwort senden',
  'composer.submitEdit': 'Änderungen speichern',
  'composer.sending': 'Wird gesendet …',
  'composer.bodyEmpty': 'Bitte schreiben Sie zuerst etwas.',
  'composer.bodyTooLong': {
    one: 'Das ist {count} Zeichen zu lang (höchstens {max}).',
    other: 'Das sind {count} Zeichen zu viel (höchstens {max}).',
  },
  'composer.nameEmpty': 'Bitte geben Sie Ihren Namen ein.',
  'composer.nameTooLong': 'Ein Name darf höchstens {max} Zeichen haben.',
  'composer.emailInvalid': 'Das sieht nicht wie eine E-Mail-Adresse aus.',
  'composer.emailNeeded':
    'Bitte geben Sie Ihre E-Mail-Adresse ein, um über Antworten benachrichtigt zu werden.',
  'composer.urlInvalid': 'Geben Sie eine Adresse ein, die mit http:// oder https:// beginnt.',
  'composer.urlTooLong': 'Eine Webadresse darf höchstens {max} Zeichen haben.',
  'composer.serverField': 'Nicht angenommen: {message}',
  'composer.rateLimited': {
    one: 'Sie schreiben zu schnell. Bitte warten Sie {count} Sekunde und versuchen Sie es dann erneut.',
    other:
      'Sie schreiben zu schnell. Bitte warten Sie {count} Sekunden und versuchen Sie es dann erneut.',
  },
  'composer.failed': 'Ihr Kommentar konnte nicht gesendet werden.',
  'composer.kept': 'Ihr Text bleibt erhalten.',
};

export default deComposer;
