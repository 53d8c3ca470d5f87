/**
 * The answers the fault-injection proxy makes up instead of (or after) the real server's: error
 * statuses, raw bodies, huge bodies and connections broken off mid-answer.
 */
import type { ServerResponse } from 'node:http';
import { ERROR_STATUS, type ErrorCode } from '../../../src/protocol/index.js';
import type { FaultSpec } from './types.js';

/** The next fault for a request, used up as it is taken; undefined when none applies. */
export function takeFault(
  faults: FaultSpec[],
  method: string,
  path: string,
): FaultSpec | undefined {
  const index = faults.findIndex(
    (f) =>
      (!f.method || f.method.toUpperCase() === method) &&
      (!f.path || path === f.path || path.startsWith(`${f.path.replace(/\/$/, '')}/`)),
  );
  if (index < 0) return undefined;
  const fault = faults[index]!;
  fault.times = (fault.times ?? 1) - 1;
  if (fault.times <= 0) faults.splice(index, 1);
  return fault;
}

/** Whether the fault replaces the answer (otherwise it only delays the request). */
export function replacesAnswer(fault: FaultSpec): boolean {
  return (
    fault.status !== undefined ||
    fault.error !== undefined ||
    fault.body !== undefined ||
    fault.retryAfter !== undefined ||
    fault.dropConnection === true ||
    fault.hugeBytes !== undefined
  );
}

function codeForStatus(status: number): string {
  const entry = Object.entries(ERROR_STATUS).find(([, s]) => s === status);
  if (entry) return entry[0];
  if (status === 502 || status === 504) return 'unavailable';
  return status >= 500 ? 'internal' : 'invalid_request';
}

/** Answers with the fault instead of the server. */
export function sendFault(res: ServerResponse, fault: FaultSpec): void {
  if (res.destroyed || res.headersSent) return;
  if (fault.dropConnection) {
    // Broken off mid-body: a connection closed before any byte would be resent by Chromium itself
    // when the socket was a reused keep-alive one, so the fault would not reach the client reliably.
    res.writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': '1000',
    });
    res.write('{"comm', () => res.destroy());
    return;
  }
  if (fault.hugeBytes !== undefined) {
    sendHuge(res, fault.hugeBytes, fault.chunked ?? false);
    return;
  }
  const code = fault.error?.code;
  const status =
    fault.status ??
    (code && code in ERROR_STATUS
      ? ERROR_STATUS[code as ErrorCode]
      : fault.retryAfter !== undefined
        ? 503
        : fault.body !== undefined
          ? 200
          : 500);
  const body =
    fault.body ??
    JSON.stringify({
      error: {
        code: code ?? codeForStatus(status),
        message: fault.error?.message ?? `Injected fault (${status}).`,
        ...(fault.error?.fields ? { fields: fault.error.fields } : {}),
      },
    });
  res.writeHead(status, {
    'Content-Type': fault.contentType ?? 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': String(Buffer.byteLength(body)),
    ...(fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : {}),
  });
  res.end(body);
}

/** A 200 JSON answer of `bytes` bytes, written as fast as the client reads it. */
function sendHuge(res: ServerResponse, bytes: number, chunked: boolean): void {
  const head = '{"page":"huge","padding":"';
  const tail = '"}';
  const padding = Math.max(0, bytes - head.length - tail.length);
  res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...(chunked ? {} : { 'Content-Length': String(head.length + padding + tail.length) }),
  });
  res.write(head);
  const block = 'x'.repeat(64 * 1024);
  let left = padding;
  const pump = () => {
    while (left > 0 && !res.destroyed) {
      const piece = block.slice(0, Math.min(block.length, left));
      left -= piece.length;
      if (!res.write(piece)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end(tail);
  };
  pump();
}
