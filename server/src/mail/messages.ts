/**
 * The wording of every mail and page the notifications send or show, in each language they
 * are written in. Readers get their own language (the `lang` they posted with); a language
 * without a translation falls back to English.
 */

export const MAIL_LANGUAGES = ['en', 'de'] as const;
export type MailLanguage = (typeof MAIL_LANGUAGES)[number];

/** A BCP 47 tag as the widget sends it (`de`, `de-AT`, `en-GB`). */
export const LANGUAGE_TAG = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8}){0,7}$/;

/** The language a tag asks for, of those with a translation; English otherwise. */
export function mailLanguage(tag: string | null | undefined): MailLanguage {
  const primary = tag?.split('-')[0]?.toLowerCase();
  return (MAIL_LANGUAGES as readonly string[]).includes(primary ?? '')
    ? (primary as MailLanguage)
    : 'en';
}

/** The first language of an Accept-Language header that has a translation. */
export function acceptedLanguage(header: string | undefined): MailLanguage {
  for (const part of (header ?? '').split(',')) {
    const tag = part.split(';')[0]!.trim();
    if (LANGUAGE_TAG.test(tag) && mailLanguage(tag) === tag.split('-')[0]!.toLowerCase()) {
      return mailLanguage(tag);
    }
  }
  return 'en';
}

export interface Wording {
  confirm: {
    subject: string;
    intro: (page: string) => string;
    button: string;
    expiry: string;
    ignore: string;
  };
  reply: {
    subjectOne: (name: string) => string;
    subjectMany: (count: number) => string;
    heading: (name: string, page: string) => string;
    open: string;
    why: (page: string) => string;
    unsubscribe: string;
  };
  erase: string;
  pages: {
    confirmTitle: string;
    confirmAsk: (email: string) => string;
    confirmButton: string;
    confirmed: string;
    alreadyConfirmed: string;
    unsubscribeTitle: string;
    unsubscribeAsk: (page: string) => string;
    unsubscribeButton: string;
    unsubscribed: (page: string) => string;
    notSubscribed: string;
    eraseTitle: string;
    eraseAsk: (email: string) => string;
    eraseButton: string;
    erased: string;
    nothingStored: string;
    invalidTitle: string;
    invalid: string;
    expiredTitle: string;
    expired: string;
  };
}

const EN: Wording = {
  confirm: {
    subject: 'Confirm reply notifications',
    intro: (page) =>
      `Someone, hopefully you, asked to be mailed about replies to a comment on ${page}. ` +
      'Nothing is sent to this address until you confirm.',
    button: 'Confirm notifications',
    expiry: 'The link works for 3 days.',
    ignore:
      'If you did not ask for this, ignore this mail: nothing more will be sent, and the ' +
      'address is deleted within 7 days. You can also erase it now:',
  },
  reply: {
    subjectOne: (name) => `${name} replied to your comment`,
    subjectMany: (count) => `${count} new replies to your comments`,
    heading: (name, page) => `${name} replied on ${page}:`,
    open: 'Read the reply',
    why: (page) => `You get this mail because you asked to be told of replies on ${page}.`,
    unsubscribe: 'Unsubscribe from this thread',
  },
  erase: 'Erase my address everywhere',
  pages: {
    confirmTitle: 'Confirm reply notifications',
    confirmAsk: (email) => `Mail replies to your comments to ${email}?`,
    confirmButton: 'Yes, confirm',
    confirmed: 'Confirmed. You will be mailed when someone replies to your comments.',
    alreadyConfirmed: 'This address is already confirmed.',
    unsubscribeTitle: 'Unsubscribe',
    unsubscribeAsk: (page) => `Stop mails about replies on ${page}?`,
    unsubscribeButton: 'Unsubscribe',
    unsubscribed: (page) => `Done. No more mail about replies on ${page}.`,
    notSubscribed: 'This address gets no mail about this thread.',
    eraseTitle: 'Erase my address',
    eraseAsk: (email) =>
      `Erase ${email} and every notification it asked for? Nothing more will be sent to it.`,
    eraseButton: 'Erase my address',
    erased: 'Erased. Nothing is stored about this address any more.',
    nothingStored: 'Nothing is stored about this address.',
    invalidTitle: 'Link not valid',
    invalid: 'This link is not valid. Please use the link from the mail exactly as it is.',
    expiredTitle: 'Link expired',
    expired:
      'This link has expired. Ask for notifications again with your next comment to get a new one.',
  },
};

const DE: Wording = {
  confirm: {
    subject: 'Benachrichtigungen über Antworten bestätigen',
    intro: (page) =>
      `Jemand, hoffentlich Sie, möchte per Mail erfahren, wenn auf einen Kommentar auf ${page} ` +
      'geantwortet wird. Bis Sie bestätigen, wird an diese Adresse nichts gesendet.',
    button: 'Benachrichtigungen bestätigen',
    expiry: 'Der Link ist 3 Tage gültig.',
    ignore:
      'Wenn Sie das nicht waren, ignorieren Sie diese Mail: Es wird nichts mehr gesendet, und ' +
      'die Adresse wird innerhalb von 7 Tagen gelöscht. Sie können sie auch gleich löschen:',
  },
  reply: {
    subjectOne: (name) => `${name} hat auf Ihren Kommentar geantwortet`,
    subjectMany: (count) => `${count} neue Antworten auf Ihre Kommentare`,
    heading: (name, page) => `${name} hat auf ${page} geantwortet:`,
    open: 'Antwort lesen',
    why: (page) =>
      `Sie erhalten diese Mail, weil Sie über Antworten auf ${page} benachrichtigt werden wollten.`,
    unsubscribe: 'Benachrichtigungen für diese Diskussion abbestellen',
  },
  erase: 'Meine Adresse überall löschen',
  pages: {
    confirmTitle: 'Benachrichtigungen bestätigen',
    confirmAsk: (email) => `Antworten auf Ihre Kommentare an ${email} senden?`,
    confirmButton: 'Ja, bestätigen',
    confirmed: 'Bestätigt. Sie erhalten eine Mail, wenn jemand auf Ihre Kommentare antwortet.',
    alreadyConfirmed: 'Diese Adresse ist bereits bestätigt.',
    unsubscribeTitle: 'Abbestellen',
    unsubscribeAsk: (page) => `Keine Mails mehr über Antworten auf ${page}?`,
    unsubscribeButton: 'Abbestellen',
    unsubscribed: (page) => `Erledigt. Sie erhalten keine Mails mehr über Antworten auf ${page}.`,
    notSubscribed: 'An diese Adresse gehen keine Mails über diese Diskussion.',
    eraseTitle: 'Meine Adresse löschen',
    eraseAsk: (email) =>
      `${email} und alle damit bestellten Benachrichtigungen löschen? Danach wird nichts mehr ` +
      'an diese Adresse gesendet.',
    eraseButton: 'Meine Adresse löschen',
    erased: 'Gelöscht. Über diese Adresse ist nichts mehr gespeichert.',
    nothingStored: 'Über diese Adresse ist nichts gespeichert.',
    invalidTitle: 'Ungültiger Link',
    invalid: 'Dieser Link ist ungültig. Bitte verwenden Sie den Link aus der Mail unverändert.',
    expiredTitle: 'Link abgelaufen',
    expired:
      'Dieser Link ist abgelaufen. Bestellen Sie die Benachrichtigungen mit Ihrem nächsten ' +
      'Kommentar erneut, um einen neuen zu erhalten.',
  },
};

const WORDING: Readonly<Record<MailLanguage, Wording>> = { en: EN, de: DE };

export function wording(lang: string): Wording {
  return WORDING[mailLanguage(lang)];
}

/** Moderators are mailed in English: the console they are sent to is English too. */
export const MODERATOR_WORDING = {
  subjectOne: (what: 'pending' | 'reported') =>
    what === 'pending' ? 'A comment waits for approval' : 'A comment was reported',
  subjectMany: (count: number) => `${count} comments need a moderator`,
  pending: (name: string, page: string) => `Waiting for approval: ${name} on ${page}:`,
  reported: (name: string, page: string) => `Reported by readers: ${name} on ${page}:`,
  open: 'Open in the moderation console',
};
