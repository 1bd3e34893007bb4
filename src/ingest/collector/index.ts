import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { UserError, ValidationError } from '../../core/errors.js';
import type { Engine } from '../../warehouse/engine.js';
import { type RateLimitOptions, TokenBuckets } from './rate-limit.js';
import { type CollectedEvent, MAX_BODY_BYTES, parseCollectBody } from './schema.js';

export { type RateLimitOptions, TokenBuckets } from './rate-limit.js';
export { CollectValidationError, collectBatchSchema, MAX_BATCH_EVENTS, MAX_BODY_BYTES } from './schema.js';

/** Writes one batch of event records durably; resolves after the transaction committed. */
export type CollectWriter = (engine: Engine, records: Record<string, unknown>[]) => Promise<void>;

/** Options of the collector plugin. */
export interface CollectorOptions {
  engine: Engine;
  /** Site origins allowed to post from browsers ('*' for any). Same-origin and Origin-less requests are always allowed. */
  allowedOrigins?: readonly string[];
  /** Per-IP token bucket; false disables it. Default: bursts of 120 requests, 2 per second sustained. */
  rateLimit?: RateLimitOptions | false;
  /** Clock (tests). */
  now?: () => number;
  /** Durable write path (default: importRecords of src/ingest). */
  write?: CollectWriter;
}

const DEFAULT_RATE: RateLimitOptions = { capacity: 120, refillPerSecond: 2 };
const MAX_CLOCK_SKEW_MS = 24 * 3600 * 1000;

/** Writes through the one atomic, idempotent import path (loaded lazily so the collector has no import cycle). */
const importWriter: CollectWriter = async (engine, records) => {
  const { importRecords } = await import('../index.js');
  await importRecords(engine, { table: 'events', records, format: 'collector', fileName: 'collector' });
};

/** Canonical events rows for a validated batch; the client clock is trusted only within a day of the server's. */
export function toEventRecords(
  events: CollectedEvent[],
  ctx: { userAgent: string; now: number },
): Record<string, unknown>[] {
  return events.map((e) => {
    const ts = e.ts === undefined ? Number.NaN : typeof e.ts === 'number' ? e.ts : Date.parse(e.ts);
    const at = Number.isFinite(ts) && Math.abs(ts - ctx.now) <= MAX_CLOCK_SKEW_MS ? ts : ctx.now;
    return {
      event_id: e.id ?? null,
      occurred_at: new Date(at).toISOString(),
      visitor_id: e.visitor_id,
      event_type: e.type,
      user_id: e.user_id || null,
      page_url: e.url,
      referrer: e.referrer || null,
      user_agent: ctx.userAgent,
      properties: e.props && Object.keys(e.props).length ? JSON.stringify(e.props) : null,
    };
  });
}

function originAllowed(req: FastifyRequest, allowed: readonly string[]): { ok: boolean; origin?: string } {
  const origin = req.headers.origin;
  if (!origin) return { ok: true };
  if (allowed.includes('*') || allowed.includes(origin)) return { ok: true, origin };
  try {
    if (new URL(origin).host === req.headers.host) return { ok: true, origin };
  } catch {
    // a malformed Origin header is not allowed
  }
  return { ok: false };
}

function corsHeaders(reply: FastifyReply, origin: string | undefined): void {
  if (!origin) return;
  reply.header('access-control-allow-origin', origin);
  reply.header('vary', 'Origin');
  reply.header('access-control-allow-methods', 'POST, OPTIONS');
  reply.header('access-control-allow-headers', 'content-type');
  reply.header('access-control-max-age', '86400');
}

/** Fastify plugin: `POST /collect` takes batched browser events and acknowledges them once durable (202). */
export const collectorPlugin: FastifyPluginAsync<CollectorOptions> = async (app, opts) => {
  const allowed = opts.allowedOrigins ?? [];
  const now = opts.now ?? Date.now;
  const buckets = opts.rateLimit === false ? undefined : new TokenBuckets(opts.rateLimit ?? DEFAULT_RATE, now);
  const write = opts.write ?? importWriter;

  app.setErrorHandler((error, req, reply) => {
    const fe = error as { code?: string; statusCode?: number; message: string };
    let status = 500;
    let body: { error: { code: string; message: string; field?: string; details?: unknown } };
    if (error instanceof UserError) {
      status = error.status;
      body = { error: { code: error.code, message: error.message } };
      if (error instanceof ValidationError) {
        const field = error.locations[0]?.field;
        if (field) body.error.field = field;
        if (error.details !== undefined) body.error.details = error.details;
      }
    } else if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      status = 413;
      body = { error: { code: 'payload_too_large', message: `request body exceeds ${MAX_BODY_BYTES} bytes` } };
    } else if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      status = 400;
      body = { error: { code: 'validation_error', message: 'field body: not valid JSON', field: 'body' } };
    } else if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      status = fe.statusCode;
      body = { error: { code: status === 415 ? 'unsupported_media_type' : 'bad_request', message: fe.message } };
    } else {
      req.log.error({ err: error }, 'collector failed');
      body = { error: { code: 'internal', message: `internal error (logged as request ${req.id})` } };
    }
    return reply.status(status).type('application/json; charset=utf-8').send(body);
  });

  app.options('/collect', async (req, reply) => {
    const { ok, origin } = originAllowed(req, allowed);
    if (!ok) throw new UserError('origin_not_allowed', 'origin not allowed to post events', { status: 403 });
    corsHeaders(reply, origin);
    return reply.status(204).send();
  });

  app.post('/collect', { bodyLimit: MAX_BODY_BYTES }, async (req, reply) => {
    const { ok, origin } = originAllowed(req, allowed);
    if (!ok) throw new UserError('origin_not_allowed', 'origin not allowed to post events', { status: 403 });
    corsHeaders(reply, origin);
    const wait = buckets?.take(req.ip) ?? 0;
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      throw new UserError('too_many_requests', `rate limit exceeded; retry in ${wait}s`, { status: 429 });
    }
    const events = parseCollectBody(req.body);
    const records = toEventRecords(events, { userAgent: String(req.headers['user-agent'] ?? ''), now: now() });
    await write(opts.engine, records);
    return reply.status(202).send({ accepted: records.length });
  });
};
