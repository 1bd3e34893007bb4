import { z } from 'zod';
import { ValidationError } from '../../core/errors.js';

/** Most events one POST /collect may carry. */
export const MAX_BATCH_EVENTS = 100;
/** Largest accepted request body. */
export const MAX_BODY_BYTES = 64 * 1024;

const httpUrl = z
  .string()
  .max(2048)
  .refine((v) => /^https?:\/\/[^\s/?#]+/i.test(v), 'must be an http(s) URL');

/** One event as the browser snippet sends it. */
export const collectedEventSchema = z.strictObject({
  type: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only'),
  ts: z.union([z.number().int().positive(), z.iso.datetime({ offset: true })]).optional(),
  id: z.string().min(1).max(128).optional(),
  visitor_id: z.string().trim().min(1).max(128),
  user_id: z.string().trim().max(128).nullish(),
  url: httpUrl,
  referrer: z.union([httpUrl, z.literal('')]).nullish(),
  props: z
    .record(z.string().max(64), z.union([z.string().max(1024), z.number(), z.boolean(), z.null()]))
    .refine((p) => Object.keys(p).length <= 32, 'at most 32 properties')
    .optional(),
});

/** A batch: `{ events: [...] }` with 1 to 100 events. */
export const collectBatchSchema = z.strictObject({
  events: z.array(collectedEventSchema).min(1).max(MAX_BATCH_EVENTS),
});

export type CollectedEvent = z.infer<typeof collectedEventSchema>;

/** Parses a request body (JSON object or text/plain JSON string); field-level problems become a ValidationError. */
export function parseCollectBody(body: unknown): CollectedEvent[] {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      throw new CollectValidationError('field body: not valid JSON', [{ field: 'body' }]);
    }
  }
  const parsed = collectBatchSchema.safeParse(value);
  if (parsed.success) return parsed.data.events;
  const locations = parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message }));
  const first = locations[0]!;
  const more = locations.length > 1 ? ` (and ${locations.length - 1} more errors)` : '';
  throw new CollectValidationError(
    `field ${first.field}: ${first.message}${more}`,
    locations.map((l) => ({ field: l.field })),
    locations,
  );
}

/** A bad collect request: 400 with field-level details (not the 422 of file imports). */
export class CollectValidationError extends ValidationError {
  override readonly status = 400;
}
