import type { Message } from './en.js';

/**
 * The English texts of the comment form. They live apart from ./en.ts so that they load with
 * the composer's lazy chunk instead of weighing on the script-tag entry; the composer hands them
 * to its Localizer (`addEnglish`). Other languages keep these keys in their one catalogue.
 */
export const enComposer = {
  'composer.name': 'Name',
  'composer.email': 'Email (optional)',
  'composer.emailNote': 'Never shown to anyone.',
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
  'composer.urlInvalid': 'Enter a web address starting with http:// or https://.',
  'composer.urlTooLong': 'A web address can have at most {max} characters.',
  'composer.serverField': 'Not accepted: {message}',
  'composer.rateLimited': {
    one: 'You are posting too fast. Please wait {count} second and try again.',
    other: 'You are posting too fast. Please wait {count} seconds and try again.',
  },
  'composer.failed': 'Your comment could not be sent.',
  'composer.kept': 'Your text is kept.',
} satisfies Record<string, Message>;
