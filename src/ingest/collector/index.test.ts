import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../warehouse/engine.js';
import { openWarehouse } from '../../warehouse/index.js';
import { type CollectorOptions, collectorPlugin, TokenBuckets } from './index.js';

const UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const NOW = Date.parse('2026-03-01T02:00:00Z');

let engine: Engine;
let app: FastifyInstance;
let clock = NOW;

async function build(opts: Partial<CollectorOptions> = {}): Promise<FastifyInstance> {
  const a = Fastify({ logger: false });
  await a.register(collectorPlugin, { engine, allowedOrigins: ['https://www.example.cn'], now: () => clock, ...opts });
  return a;
}

const event = (over: Record<string, unknown> = {}) => ({
  type: 'page_view',
  visitor_id: 'v-1',
  url: 'https://www.example.cn/landing?utm_source=baidu&utm_medium=cpc&utm_campaign=spring',
  referrer: 'https://www.baidu.com/',
  ts: NOW - 1000,
  ...over,
});

const post = (payload: unknown, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: '/collect',
    headers: { 'content-type': 'application/json', 'user-agent': UA, ...headers },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });

beforeEach(async () => {
  clock = NOW;
  engine = await openWarehouse(':memory:');
  app = await build();
});
afterEach(async () => {
  await app.close();
  await engine.close();
});

describe('POST /collect', () => {
  it('stores a batch durably, classified, and acknowledges 202 after commit', async () => {
    const res = await post({ events: [event({ id: 'e1' }), event({ id: 'e2', type: 'form_submit', ts: NOW })] });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: 2 });
    const rows = await engine.query(
      'SELECT event_type, visitor_id, channel, user_agent, session_key IS NOT NULL AS has_session FROM events ORDER BY occurred_at',
    );
    expect(rows).toEqual([
      { event_type: 'page_view', visitor_id: 'v-1', channel: '百度SEM', user_agent: UA, has_session: true },
      { event_type: 'form_submit', visitor_id: 'v-1', channel: '百度SEM', user_agent: UA, has_session: true },
    ]);
    expect(await engine.query('SELECT converted FROM sessions')).toEqual([{ converted: true }]);
  });

  it('accepts text/plain bodies (sendBeacon) and is idempotent for retried event ids', async () => {
    const body = JSON.stringify({ events: [event({ id: 'same' })] });
    for (let i = 0; i < 2; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/collect',
        headers: { 'content-type': 'text/plain' },
        payload: body,
      });
      expect(res.statusCode).toBe(202);
    }
    expect(await engine.query('SELECT count(*) AS n FROM events')).toEqual([{ n: 1 }]);
  });

  it.each<[string, unknown, string]>([
    ['missing events', {}, 'events'],
    ['empty batch', { events: [] }, 'events'],
    ['too many events', { events: Array.from({ length: 101 }, () => event()) }, 'events'],
    ['missing visitor_id', { events: [event({ visitor_id: undefined })] }, 'events.0.visitor_id'],
    ['bad url', { events: [event(), event({ url: 'javascript:alert(1)' })] }, 'events.1.url'],
    ['bad type', { events: [event({ type: 'a b' })] }, 'events.0.type'],
    ['unknown field', { events: [event({ password: 'x' })] }, 'events.0'],
    ['bad ts', { events: [event({ ts: 'yesterday' })] }, 'events.0.ts'],
    ['not json', '{"events": [', 'body'],
  ])('rejects %s with a field-level 400', async (_n, payload, field) => {
    const res = await post(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe(field);
    expect(res.json().error.message).toContain(`field ${field}`);
    expect(await engine.query('SELECT count(*) AS n FROM events')).toEqual([{ n: 0 }]);
  });

  it('rejects bodies over 64 KB with 413', async () => {
    const big = { events: [event({ props: { note: 'x'.repeat(1000) } })] };
    const padded = JSON.stringify(big).replace('"events"', `"pad":"${'y'.repeat(70_000)}","events"`);
    const res = await post(padded);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });

  it('rate-limits per IP with a token bucket (429 + Retry-After), refilling over time', async () => {
    await app.close();
    app = await build({ rateLimit: { capacity: 2, refillPerSecond: 1 }, write: async () => {} });
    const one = { events: [event()] };
    expect((await post(one)).statusCode).toBe(202);
    expect((await post(one)).statusCode).toBe(202);
    const limited = await post(one);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    const other = await app.inject({ method: 'POST', url: '/collect', remoteAddress: '10.0.0.9', payload: one });
    expect(other.statusCode).toBe(202);
    clock += 1000;
    expect((await post(one)).statusCode).toBe(202);
  });

  it('answers CORS for configured origins and refuses others', async () => {
    const pre = await app.inject({ method: 'OPTIONS', url: '/collect', headers: { origin: 'https://www.example.cn' } });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('https://www.example.cn');
    const ok = await post({ events: [event()] }, { origin: 'https://www.example.cn' });
    expect(ok.statusCode).toBe(202);
    expect(ok.headers['access-control-allow-origin']).toBe('https://www.example.cn');
    const bad = await post({ events: [event()] }, { origin: 'https://evil.example.com' });
    expect(bad.statusCode).toBe(403);
    expect(bad.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('does not acknowledge when the write fails (nothing stored)', async () => {
    await app.close();
    app = await build({
      write: async (eng, records) => {
        await eng.transaction(async (tx) => {
          await tx.exec(
            `INSERT INTO events (row_key, occurred_at, visitor_id, event_type) VALUES ('x', now()::TIMESTAMP, 'v', 'page_view')`,
          );
          throw new Error(`disk full after ${records.length}`);
        });
      },
    });
    const res = await post({ events: [event()] });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.message).not.toContain('disk full');
    expect(await engine.query('SELECT count(*) AS n FROM events')).toEqual([{ n: 0 }]);
  });

  it('marks events without a user agent as bots instead of dropping them', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/collect',
      headers: { 'content-type': 'application/json' },
      payload: { events: [event()] },
    });
    expect(res.statusCode).toBe(202);
    expect(await engine.query('SELECT is_bot FROM events')).toEqual([{ is_bot: true }]);
  });

  it('replaces client clocks that are more than a day off', async () => {
    await post({ events: [event({ ts: NOW - 3 * 86_400_000 })] });
    const [row] = await engine.query<{ occurred_at: Date }>('SELECT occurred_at FROM events');
    expect(row?.occurred_at.getTime()).toBe(NOW);
  });
});

describe('TokenBuckets', () => {
  it('allows the burst, then one per refill interval', () => {
    let t = 0;
    const b = new TokenBuckets({ capacity: 3, refillPerSecond: 0.5 }, () => t);
    expect([b.take('a'), b.take('a'), b.take('a'), b.take('a')]).toEqual([0, 0, 0, 2]);
    t = 2000;
    expect(b.take('a')).toBe(0);
    expect(b.take('b')).toBe(0);
  });
});
