import type { FastifyError, FastifyInstance } from 'fastify';
import { UserError, ValidationError } from '../core/errors.js';

/** The JSON body of every error response. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    field?: string;
    details?: unknown;
    /** Every row/column problem of a rejected file (imports), when the error carries them. */
    errors?: StructuredError[];
    error_count?: number;
  };
}

/** One located problem in an uploaded file. */
export interface StructuredError {
  file: string;
  row: number;
  column: string;
  message: string;
}

/** The `{errors, errorCount}` a ValidationError may carry in its details (the importer's shape), if present. */
export function structuredErrors(details: unknown): { errors: StructuredError[]; errorCount: number } | undefined {
  if (typeof details !== 'object' || details === null) return undefined;
  const { errors, errorCount } = details as { errors?: unknown; errorCount?: unknown };
  if (!Array.isArray(errors)) return undefined;
  const list = errors
    .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
    .map((e) => ({
      file: String(e.file ?? ''),
      row: Number(e.row ?? 0),
      column: String(e.column ?? ''),
      message: String(e.message ?? ''),
    }));
  return { errors: list, errorCount: typeof errorCount === 'number' ? errorCount : list.length };
}

const FASTIFY_CODES: Record<string, { status: number; code: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large' },
  FST_REQ_FILE_TOO_LARGE: { status: 413, code: 'payload_too_large' },
  FST_FILES_LIMIT: { status: 413, code: 'payload_too_large' },
  FST_PARTS_LIMIT: { status: 413, code: 'payload_too_large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'bad_request' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'bad_request' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'bad_request' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 415, code: 'unsupported_media_type' },
};

/** Maps an error to its status and public body; internal errors get a generic message. */
export function errorResponse(
  error: unknown,
  requestId: string,
): { status: number; body: ErrorBody; internal: boolean } {
  if (error instanceof UserError) {
    const field = error instanceof ValidationError ? error.locations[0]?.field : undefined;
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (field) body.error.field = field;
    if (error instanceof ValidationError && error.details !== undefined) {
      const located = structuredErrors(error.details);
      if (located) {
        body.error.errors = located.errors;
        body.error.error_count = located.errorCount;
      } else body.error.details = error.details;
    }
    return { status: error.status, body, internal: false };
  }
  const fe = error as Partial<FastifyError>;
  const known = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (known)
    return {
      status: known.status,
      body: { error: { code: known.code, message: String(fe.message) } },
      internal: false,
    };
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = fe.statusCode === 404 ? 'not_found' : fe.statusCode === 429 ? 'too_many_requests' : 'bad_request';
    return { status: fe.statusCode, body: { error: { code, message: String(fe.message) } }, internal: false };
  }
  return {
    status: 500,
    body: { error: { code: 'internal', message: `internal error (logged as request ${requestId})` } },
    internal: true,
  };
}

/** One error handler for the whole app: user errors as `{error:{code,message}}`, internals logged and hidden. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, req, reply) => {
    const { status, body, internal } = errorResponse(error, req.id);
    if (internal) req.log.error({ err: error }, 'internal error');
    else req.log.info({ code: body.error.code, status }, body.error.message);
    return reply.status(status).type('application/json; charset=utf-8').send(body);
  });
}
