/**
 * The live event stream of a page, a lazy chunk of its own: nothing of it is needed for the first
 * screen, so `ThreadSource` imports it once the first answer is shown. Knows nothing of Lit.
 */
import type { Comment, VoteEventData } from '../protocol/index.js';
import type { ClientOptions } from './thread-client.js';
import { backoff } from './thread-client.js';
import { comment, id, object, votes } from './validate.js';

export interface StreamHandlers {
  onComment(comment: Comment): void;
  onVote(data: VoteEventData): void;
  onStatus?(status: 'open' | 'reconnecting'): void;
}

/** The guards of the stream's messages (the answers' guards are in validate.ts). */
export const parseComment = (value: unknown, path = 'comment') => comment(value, path) as Comment;

export const parseVoteEvent = (value: unknown) =>
  object({ id, votes })(value, 'event') as VoteEventData;

/**
 * EventSource on /events?page=. EventSource retries by itself only while the server keeps
 * answering 200, so on any error the source is closed and reopened here, with capped backoff
 * (`retryBaseMs`, as the client's requests). A new EventSource cannot send Last-Event-ID, so the
 * reopened one asks with `lastEventId=` for what changed since the last event it saw
 * (protocol.md, "resuming a stream"). Returns the unsubscribe function.
 */
export function subscribe(
  options: Pick<ClientOptions, 'endpoint' | 'retryBaseMs'>,
  page: string,
  handlers: StreamHandlers,
): () => void {
  const url = `${options.endpoint.replace(/\/+$/, '')}/events?`;
  const base = options.retryBaseMs ?? 500;
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let stopped = false;
  let lastEventId = '';

  // A malformed event is skipped: one bad message must not end the stream, and the next full
  // load of the thread brings the widget back in line with the server.
  const listen = <T>(type: string, parse: (value: unknown) => T, deliver: (data: T) => void) =>
    source!.addEventListener(type, (event) => {
      const message = event as MessageEvent<string>;
      // Also for a malformed event: it was sent, and asking for it again would not mend it.
      lastEventId = message.lastEventId || lastEventId;
      let data: T;
      try {
        data = parse(JSON.parse(message.data));
      } catch {
        return;
      }
      deliver(data);
    });

  const connect = () => {
    const query = new URLSearchParams({ page });
    if (lastEventId) query.set('lastEventId', lastEventId);
    source = new EventSource(url + query);
    source.addEventListener('open', () => {
      failures = 0;
      handlers.onStatus?.('open');
    });
    listen(
      'comment',
      (v) => parseComment(v),
      (c) => handlers.onComment(c),
    );
    listen('vote', parseVoteEvent, (v) => handlers.onVote(v));
    source.addEventListener('error', () => {
      source?.close();
      source = null;
      if (stopped) return;
      handlers.onStatus?.('reconnecting');
      timer = setTimeout(connect, backoff(base, failures++));
    });
  };
  connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    source?.close();
    source = null;
  };
}
