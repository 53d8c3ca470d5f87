import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_STATUS, type ErrorBody, type ErrorCode } from '../../src/protocol/index.js';

/** A protocol error: thrown anywhere in a request, answered by the one error handler. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly fields: Record<string, string> | undefined;
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    message: string,
    fields?: Record<string, string>,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.fields = fields;
    this.headers = headers;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function invalid(field: string, message: string): ApiError {
  return new ApiError('invalid_request', `Invalid ${field}: ${message}`, { [field]: message });
}

export function errorBody(code: ErrorCode, message: string, fields?: Record<string, string>) {
  const body: ErrorBody = { error: { code, message } };
  if (fields && Object.keys(fields).length > 0) body.error.fields = fields;
  return body;
}

const CODE_BY_STATUS = new Map<number, ErrorCode>(
  Object.entries(ERROR_STATUS).map(([code, status]) => [status, code as ErrorCode]),
);

/** Fastify's own errors that are the client's fault, by their code. */
const FRAMEWORK_ERRORS: Readonly<Record<string, [ErrorCode, string]>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    'unsupported_media_type',
    'Request bodies must be application/json; charset=utf-8',
  ],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['invalid_request', 'Content-Length does not match the body'],
  FST_ERR_CTP_BODY_TOO_LARGE: ['payload_too_large', 'The request body is too large'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['invalid_request', 'The request body is empty'],
  FST_ERR_CTP_INVALID_JSON_BODY: ['invalid_request', 'The request body is not valid JSON'],
  FST_ERR_CTP_INVALID_TYPE: ['unsupported_media_type', 'Invalid Content-Type'],
};

interface ValidationIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Ajv's issues as the protocol's `fields`: `author.name` → "must be string". */
export function fieldsOf(
  issues: readonly ValidationIssue[],
  context: string | undefined,
): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const segments = issue.instancePath.split('/').filter(Boolean);
    if (issue.keyword === 'required' && typeof issue.params.missingProperty === 'string') {
      segments.push(issue.params.missingProperty);
    }
    const name =
      segments.join('.') || (context === 'body' || context === undefined ? 'body' : context);
    if (issue.keyword === 'anyOf') {
      // A union's own verdict says more than the first of its alternatives.
      fields[name] = 'has a wrong type or value';
      continue;
    }
    const message = issue.keyword === 'required' ? 'is required' : (issue.message ?? 'is invalid');
    fields[name] ??= message;
  }
  return fields;
}

function toProtocol(error: FastifyError | ApiError): {
  status: number;
  code: ErrorCode;
  message: string;
  fields?: Record<string, string>;
} {
  if (error instanceof ApiError) {
    return { status: error.status, code: error.code, message: error.message, fields: error.fields };
  }
  if (error.validation) {
    const fields = fieldsOf(error.validation, error.validationContext);
    const list = Object.entries(fields)
      .map(([name, message]) => `${name} ${message}`)
      .join('; ');
    return { status: 400, code: 'invalid_request', message: `Invalid request: ${list}`, fields };
  }
  const known = error.code ? FRAMEWORK_ERRORS[error.code] : undefined;
  if (known) return { status: ERROR_STATUS[known[0]], code: known[0], message: known[1] };
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const code = CODE_BY_STATUS.get(status) ?? 'invalid_request';
    return { status: ERROR_STATUS[code], code, message: 'The request could not be processed' };
  }
  return { status: 500, code: 'internal', message: 'Internal server error' };
}

/**
 * Every failure leaves through here: the protocol's error body, never a stack
 * trace; unexpected errors are logged with the request id and answered 500.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    const answer = toProtocol(error);
    if (answer.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.debug({ code: answer.code, status: answer.status }, answer.message);
    if (error instanceof ApiError) reply.headers(error.headers);
    void reply
      .code(answer.status)
      .type('application/json; charset=utf-8')
      .send(errorBody(answer.code, answer.message, answer.fields));
  });
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    void reply
      .code(404)
      .type('application/json; charset=utf-8')
      .send(
        errorBody(
          'not_found',
          `No endpoint ${request.method} ${request.url.split('?')[0]!.slice(0, 200)}`,
        ),
      );
  });
}
