/**
 * A deliberately low-level HTTP client for tests: bodies are sent as the
 * exact bytes given (invalid UTF-8, lying Content-Length and all), and
 * nothing is retried or normalised, so the server sees what an attacker
 * would send.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

export interface RawRequest {
  method: string;
  /** Path and query, sent as written (already percent-encoded where needed). */
  path: string;
  headers?: Record<string, string>;
  /** A string is sent as UTF-8; a Buffer byte for byte; an object as JSON. */
  body?: string | Buffer | object;
  /** Send these headers but never the body: for a Content-Length that lies. */
  withholdBody?: boolean;
  /**
   * The server may refuse before the body is sent and close the connection (a body over its
   * limit): then the upload fails with EPIPE or ECONNRESET, and the answer, if it was sent at
   * all, can be lost with the connection. With this set, such a close resolves as `closedEarly`
   * instead of failing; an answer that did arrive is returned as usual.
   */
  mayCloseEarly?: boolean;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** Parsed JSON, or undefined when the body is not JSON. */
  json: unknown;
  /** The server closed the connection during the upload, before a whole answer arrived (`mayCloseEarly`). */
  closedEarly?: boolean;
}

const CLOSED_EARLY: RawResponse = {
  status: 0,
  headers: {},
  text: '',
  json: undefined,
  closedEarly: true,
};

function isEarlyClose(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EPIPE' || code === 'ECONNRESET';
}

export function send(baseUrl: string, req: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const headers: Record<string, string> = { ...req.headers };
  let payload: Buffer | undefined;
  if (req.body !== undefined) {
    payload =
      typeof req.body === 'string'
        ? Buffer.from(req.body, 'utf8')
        : Buffer.isBuffer(req.body)
          ? req.body
          : Buffer.from(JSON.stringify(req.body), 'utf8');
    if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
    if (!hasHeader(headers, 'content-length')) headers['content-length'] = String(payload.length);
  }
  return new Promise((resolve, reject) => {
    let answering = false;
    const outgoing = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        headers,
        // A fresh connection per request: a server that closes after an error cannot poison the next case.
        agent: false,
      },
      (res) => {
        answering = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (error) =>
          req.mayCloseEarly && isEarlyClose(error) ? resolve(CLOSED_EARLY) : reject(error),
        );
        // A connection reset in the middle of the answer: the answer is lost, not wrong.
        res.on('aborted', () => {
          if (req.mayCloseEarly) resolve(CLOSED_EARLY);
        });
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
          outgoing.destroy();
        });
      },
    );
    outgoing.on('error', (error) => {
      // A write that fails because the server already closed: an answer under way settles
      // through its own events; none at all means it went down with the connection.
      if (req.mayCloseEarly && isEarlyClose(error)) {
        if (!answering) resolve(CLOSED_EARLY);
        return;
      }
      reject(error);
    });
    if (req.withholdBody) {
      // Node holds headers back until the first body chunk; send them alone.
      outgoing.flushHeaders();
      return;
    }
    if (payload) outgoing.write(payload);
    outgoing.end();
  });
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

/** Typed JSON helpers for the ordinary, well-formed calls that set up a scenario. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly origin: string,
  ) {}

  async call(
    method: string,
    path: string,
    options: { token?: string; body?: object; headers?: Record<string, string> } = {},
  ): Promise<RawResponse> {
    const headers: Record<string, string> = { origin: this.origin, ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    return send(this.baseUrl, { method, path, headers, body: options.body });
  }

  async newToken(): Promise<string> {
    const res = await this.call('POST', '/session', { body: {} });
    if (res.status !== 201) throw new Error(`POST /session answered ${res.status}: ${res.text}`);
    return (res.json as { token: string }).token;
  }
}
