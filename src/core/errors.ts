/** Location of a problem in an input file or request. */
export interface ErrorLocation {
  file?: string;
  row?: number;
  column?: string;
  field?: string;
}

/** An error caused by user input; its message is safe to show as is. */
export class UserError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;
  constructor(code: string, message: string, options: { status?: number; details?: unknown; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserError';
    this.code = code;
    this.status = options.status ?? 400;
    this.details = options.details;
  }
}

/** Bad input in a file or request (HTTP 422 / CLI exit 2). */
export class ValidationError extends UserError {
  readonly locations: ErrorLocation[];
  constructor(message: string, locations: ErrorLocation[] = [], details?: unknown) {
    super('validation_error', message, { status: 422, details });
    this.name = 'ValidationError';
    this.locations = locations;
  }
}

export class NotFoundError extends UserError {
  constructor(message: string) {
    super('not_found', message, { status: 404 });
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends UserError {
  constructor(message: string, code = 'conflict') {
    super(code, message, { status: 409 });
    this.name = 'ConflictError';
  }
}

export class AuthError extends UserError {
  constructor(message = 'authentication required') {
    super('unauthorized', message, { status: 401 });
    this.name = 'AuthError';
  }
}

export class ForbiddenError extends UserError {
  constructor(message = 'forbidden') {
    super('forbidden', message, { status: 403 });
    this.name = 'ForbiddenError';
  }
}

/** Formats a location as `file:row:column` style prefix. */
export function formatLocation(loc: ErrorLocation): string {
  const parts: string[] = [];
  if (loc.file) parts.push(loc.file);
  if (loc.row !== undefined) parts.push(`row ${loc.row}`);
  if (loc.column) parts.push(`column ${loc.column}`);
  if (loc.field) parts.push(`field ${loc.field}`);
  return parts.join(', ');
}
