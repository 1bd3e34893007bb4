import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { type ErrorLocation, ValidationError } from '../core/errors.js';

const PART_NAMES: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

/** Turns a zod error into a 422 ValidationError whose message names the first offending field. */
export function zodToValidationError(error: z.ZodError, part = 'body'): ValidationError {
  const where = PART_NAMES[part] ?? part;
  const locations: ErrorLocation[] = error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.map(String).join('.') : where,
  }));
  const first = error.issues[0];
  const field = locations[0]?.field ?? where;
  const message = first ? `field ${field}: ${first.message}` : `${where}: invalid`;
  return new ValidationError(message, locations, {
    issues: error.issues.map((i) => ({ field: i.path.map(String).join('.') || where, message: i.message })),
  });
}

/** Parses a value with a zod schema, throwing a field-level ValidationError (for use inside handlers). */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, part = 'body'): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw zodToValidationError(result.error, part);
  return result.data;
}

function isZod(schema: unknown): schema is z.ZodType {
  return typeof schema === 'object' && schema !== null && typeof (schema as z.ZodType).safeParse === 'function';
}

/** Makes route `schema.body/querystring/params/headers` zod schemas: validated (and coerced) before the handler. */
export function installZodValidation(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema, httpPart }) => {
    if (!isZod(schema)) {
      throw new Error(`route schemas must be zod schemas (${httpPart ?? 'unknown part'} is not)`);
    }
    return (data: unknown) => {
      const result = schema.safeParse(data ?? (httpPart === 'body' ? undefined : {}));
      return result.success ? { value: result.data } : { error: zodToValidationError(result.error, httpPart) };
    };
  });
  // Response schemas (zod) only document the API; replies are serialised as plain JSON.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
}
