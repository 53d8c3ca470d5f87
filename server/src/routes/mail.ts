import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.js';
import type { LinkPurpose, LinkSigner, LinkSubject } from '../mail/links.js';
import { acceptedLanguage, wording, type Wording } from '../mail/messages.js';
import { askPage, donePage, PAGE_CSP } from '../mail/pages.js';
import type { SubscriptionService } from '../services/subscriptions.js';

/** The most a page's POST body may hold: a token, or RFC 8058's `List-Unsubscribe=One-Click`. */
const FORM_LIMIT_BYTES = 4096;

/** Where a page's button posts: its own path (relative), with the link's token. */
interface Form {
  action: string;
  token: string;
}

interface Page {
  status: number;
  html: string;
}

/** What each link asks on GET and does on POST, worded in the link's language. */
interface Action {
  ask(subject: LinkSubject, words: Wording['pages'], form: Form): Promise<Page>;
  act(subject: LinkSubject, words: Wording['pages']): Promise<Page>;
}

function actions(subscriptions: SubscriptionService): Record<LinkPurpose, Action> {
  const ok = (lang: string, title: string, message: string): Page => ({
    status: 200,
    html: donePage(lang, title, message),
  });
  return {
    confirm: {
      async ask({ id, lang }, words, form) {
        const address = await subscriptions.address(id);
        if (!address) return ok(lang, words.confirmTitle, words.nothingStored);
        if (address.confirmedAt !== null) {
          return ok(lang, words.confirmTitle, words.alreadyConfirmed);
        }
        return ask(
          form,
          lang,
          words.confirmTitle,
          words.confirmAsk(address.email),
          words.confirmButton,
        );
      },
      async act({ id, lang }, words) {
        const result = await subscriptions.confirm(id);
        if (!result.found) return ok(lang, words.confirmTitle, words.nothingStored);
        return ok(
          lang,
          words.confirmTitle,
          result.changed ? words.confirmed : words.alreadyConfirmed,
        );
      },
    },
    unsubscribe: {
      async ask({ id, lang }, words, form) {
        const subscription = await subscriptions.subscription(id);
        if (!subscription) return ok(lang, words.unsubscribeTitle, words.notSubscribed);
        return ask(
          form,
          lang,
          words.unsubscribeTitle,
          words.unsubscribeAsk(subscription.pageKey),
          words.unsubscribeButton,
        );
      },
      async act({ id, lang }, words) {
        const subscription = await subscriptions.subscription(id);
        const result = await subscriptions.unsubscribe(id);
        if (!subscription || !result.changed) {
          return ok(lang, words.unsubscribeTitle, words.notSubscribed);
        }
        return ok(lang, words.unsubscribeTitle, words.unsubscribed(subscription.pageKey));
      },
    },
    erase: {
      async ask({ id, lang }, words, form) {
        const address = await subscriptions.address(id);
        if (!address) return ok(lang, words.eraseTitle, words.nothingStored);
        return ask(form, lang, words.eraseTitle, words.eraseAsk(address.email), words.eraseButton);
      },
      async act({ id, lang }, words) {
        const result = await subscriptions.erase(id);
        return ok(lang, words.eraseTitle, result.changed ? words.erased : words.nothingStored);
      },
    },
  };

  function ask(form: Form, lang: string, title: string, question: string, button: string): Page {
    return { status: 200, html: askPage({ lang, title, question, button, ...form }) };
  }
}

/**
 * Where the pages are served: `/mail`, and also under the public URL's path (a public URL of
 * `https://example.com/comments` behind a proxy that strips `/comments` reaches `/mail`; a
 * request that reaches the server with the path unchanged finds the pages too).
 */
export function mailBases(publicUrl: string | null): string[] {
  const prefix = publicUrl ? new URL(publicUrl).pathname.replace(/\/+$/, '') : '';
  return prefix ? ['/mail', `${prefix}/mail`] : ['/mail'];
}

/** The token of a POST: in the query (the form's action, RFC 8058's URL) or a body field. */
function postedToken(request: FastifyRequest): unknown {
  const query = (request.query as Record<string, unknown>).token;
  if (typeof query === 'string') return query;
  const body = request.body;
  if (Buffer.isBuffer(body)) {
    return new URLSearchParams(body.toString('latin1')).get('token') ?? undefined;
  }
  // A client that posts JSON instead of a form.
  return body !== null && typeof body === 'object'
    ? (body as Record<string, unknown>).token
    : undefined;
}

function send(reply: FastifyReply, page: Page): FastifyReply {
  return (
    reply
      .code(page.status)
      .header('content-security-policy', PAGE_CSP)
      // The token is in the URL: no other site may see it, but the form's own POST carries
      // this origin (with no-referrer, browsers would send `Origin: null`).
      .header('referrer-policy', 'same-origin')
      .type('text/html; charset=utf-8')
      .send(page.html)
  );
}

/**
 * `/mail/confirm`, `/mail/unsubscribe`, `/mail/erase`: the pages the signed links in mails
 * open, under --public-url. GET asks and changes nothing (link scanners and mail clients
 * prefetch); POST acts: the page's own form, or a mail client's RFC 8058 one-click POST
 * (`List-Unsubscribe=One-Click`, the token in the URL). The token is the only authority: a
 * forged, altered or expired one changes nothing.
 */
export async function mailRoutes(
  app: FastifyInstance,
  context: ServerContext,
  signer: LinkSigner,
): Promise<void> {
  const byPurpose = actions(context.services.subscriptions);
  const now = context.now;
  await app.register(async (scope) => {
    // Form posts and one-click posts; their content is read only for a token.
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: FORM_LIMIT_BYTES },
      (_request, body, done) => done(null, body),
    );
    for (const purpose of Object.keys(byPurpose) as LinkPurpose[]) {
      const action = byPurpose[purpose];
      const handle = async (request: FastifyRequest, reply: FastifyReply, post: boolean) => {
        const token = post ? postedToken(request) : (request.query as { token?: unknown }).token;
        const check = signer.verify(purpose, token, now());
        if (!check.ok) {
          const lang = check.lang ?? acceptedLanguage(request.headers['accept-language']);
          const words = wording(lang).pages;
          return send(
            reply,
            check.reason === 'expired'
              ? { status: 410, html: donePage(lang, words.expiredTitle, words.expired) }
              : { status: 400, html: donePage(lang, words.invalidTitle, words.invalid) },
          );
        }
        const words = wording(check.lang).pages;
        const page = post
          ? await action.act(check, words)
          : await action.ask(check, words, { action: purpose, token: token as string });
        return send(reply, page);
      };
      for (const base of mailBases(context.config.publicUrl ?? null)) {
        scope.get(`${base}/${purpose}`, (request, reply) => handle(request, reply, false));
        scope.post(`${base}/${purpose}`, (request, reply) => handle(request, reply, true));
      }
    }
  });
}
