import type { Message } from './en.js';

/**
 * The English texts of the write path: the comment form, what writing says in the thread, the
 * report form. They live apart from ./en.ts so that they load with the write path's lazy chunk
 * instead of weighing on the script-tag entry; the write path hands them to the thread's
 * Localizer (`addWriteTexts`). Each other language has the same split: `<lang>.ts` for reading,
 * `<lang>-composer.ts` for writing, each a chunk of its own.
 */
export const enComposer = {
  'composer.name': 'Name',
  'composer.signedInAs': 'Signed in as {name}',
  'error.sso_refused':
    'Your sign-in was not accepted (it may have expired). Reload the page to sign in again; the comments can still be read.',
  'composer.email': 'Email',
  'composer.emailNote': 'Used only to mail you replies, if you ask for it. Never shown to anyone.',
  'composer.notify': 'Notify me of replies by email',
  'composer.notifySent':
    'Replies will be mailed to {email}. If this address is new here, confirm it with the link we just sent.',
  'composer.url': 'Website (optional)',
  'composer.bodyNew': 'Your comment',
  'composer.bodyReply': 'Your reply',
  'composer.bodyEdit': 'Edit your comment',
  'composer.replyingTo': 'Replying to {name}',
  'composer.hint': 'Markdown works here. Ctrl+Enter sends.',
  'composer.count': '{count} / {max}',
  'composer.suggestions': 'Participants',
  'composer.preview': 'Preview',
  'composer.previewLabel': 'Preview of your comment',
  'composer.previewLoading': 'Loading the preview…',
  'composer.previewEmpty': 'Nothing to preview yet.',
  'composer.previewFailed': 'The preview could not be loaded.',
  'composer.cancel': 'Cancel',
  'composer.submitNew': 'Post comment',
  'composer.submitReply': 'Post reply',
  'composer.submitEdit': 'Save changes',
  'composer.sending': 'Sending…',
  'composer.bodyEmpty': 'Please write something first.',
  'composer.bodyTooLong': {
    one: 'This is {count} character too long (at most {max}).',
    other: 'This is {count} characters too long (at most {max}).',
  },
  'composer.nameEmpty': 'Please enter your name.',
  'composer.nameTooLong': 'A name can have at most {max} characters.',
  'composer.emailInvalid': 'This does not look like an email address.',
  'composer.emailNeeded': 'Enter your email address to be notified of replies.',
  'composer.urlInvalid': 'Enter a web address starting with http:// or https://.',
  'composer.urlTooLong': 'A web address can have at most {max} characters.',
  'composer.serverField': 'Not accepted: {message}',
  'composer.rateLimited': {
    one: 'You are posting too fast. Please wait {count} second and try again.',
    other: 'You are posting too fast. Please wait {count} seconds and try again.',
  },
  'composer.failed': 'Your comment could not be sent.',
  'composer.kept': 'Your text is kept.',
  // What the write path says in the thread (it loads with the forms).
  'thread.posted': 'Your comment was posted.',
  'thread.updated': 'Your comment was updated.',
  'thread.deletedAnnounce': 'Your comment was deleted.',
  'comment.deleteConfirm': 'Delete this comment?',
  'comment.deleteYes': 'Delete',
  'comment.deleteNo': 'Keep it',
  'comment.voteRefused': 'Your vote was not counted. {reason}',
  'comment.deleteRefused': 'The comment was not deleted. {reason}',
  'comment.reported': 'You reported this comment. Thank you.',
  'report.legend': 'Why should the moderators look at this comment?',
  'report.spam': 'Spam or advertising',
  'report.abuse': 'Abusive or hateful',
  'report.off_topic': 'Off-topic',
  'report.other': 'Something else',
  'report.note': 'Note for the moderators (optional)',
  'report.chooseReason': 'Choose a reason.',
  'report.submit': 'Send report',
  'report.sending': 'Sending…',
  'report.cancel': 'Cancel',
} satisfies Record<string, Message>;

/** What another language says on the write path (`<lang>-composer.ts`). */
export type WriteCatalogue = Record<keyof typeof enComposer, Message>;
