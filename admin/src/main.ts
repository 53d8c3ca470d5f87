/**
 * The moderation console's entry: defines its elements, once (a second copy of the script on the
 * page skips what is already defined). The classes live in their own modules.
 */
import { ConfabConsole } from './elements/confab-console.js';
import { ConsoleAudit } from './elements/console-audit.js';
import { ConsoleBans } from './elements/console-bans.js';
import { ConsoleCommentBody } from './elements/comment-body.js';
import { ConsoleLogin } from './elements/console-login.js';
import { ConsoleQueue } from './elements/console-queue.js';

const ELEMENTS = {
  'confab-console': ConfabConsole,
  'console-login': ConsoleLogin,
  'console-queue': ConsoleQueue,
  'console-bans': ConsoleBans,
  'console-audit': ConsoleAudit,
  'console-comment-body': ConsoleCommentBody,
} as const;

for (const [name, element] of Object.entries(ELEMENTS)) {
  if (!customElements.get(name)) customElements.define(name, element);
}

declare global {
  interface HTMLElementTagNameMap {
    'confab-console': ConfabConsole;
    'console-login': ConsoleLogin;
    'console-queue': ConsoleQueue;
    'console-bans': ConsoleBans;
    'console-audit': ConsoleAudit;
    'console-comment-body': ConsoleCommentBody;
  }
}
