import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/**
 * The security headers of every answer, decided by Helmet once at startup.
 * Helmet is middleware that sets the same headers on every response; running
 * it per request (as @fastify/helmet does, rebuilding its configuration each
 * time) cost about 5% of a cached thread read, so its output is captured
 * here and each answer copies a ready-made object.
 */
export function securityHeaders(): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const capture = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet({
    // A JSON API: nothing it answers may load, run or be framed.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
    // The widget reads these answers from other sites' pages.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    crossOriginEmbedderPolicy: false,
  })({} as IncomingMessage, capture as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  // Answers depend on the caller's token and change with every write.
  headers['cache-control'] = 'no-store';
  return Object.freeze(headers);
}
