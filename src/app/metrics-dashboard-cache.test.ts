import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectorPlugin } from '../ingest/collector/index.js';
import { importRecords, rollbackImport } from '../ingest/index.js';
import type { Engine } from '../warehouse/engine.js';
import { openWarehouse } from '../warehouse/index.js';
import { insertRows } from '../warehouse/metrics/test-db.js';
import { computeMetrics, dashboard } from './metrics.js';

const TZ = 'Asia/Shanghai';
const UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
/** March 2026 is still running: the dashboard's period is open. */
const NOW = new Date('2026-03-15T04:00:00Z');
let engine: Engine;

const pageView = (visitor: string, at: string) => ({
  event_id: `${visitor}-${at}`,
  occurred_at: at,
  visitor_id: visitor,
  event_type: 'page_view',
  page_url: 'https://www.example.cn/pricing',
  user_agent: UA,
});
const importEvents = async (...events: ReturnType<typeof pageView>[]) =>
  importRecords(engine, { table: 'events', records: events, format: 'collector', fileName: 'collector' });
const tile = async (kpi: string, scope?: Record<string, string>) =>
  (
    await dashboard(engine, scope ? { period: '2026-03', scope } : { period: '2026-03' }, { timeZone: TZ, now: NOW })
  ).tiles.find((t) => t.kpi === kpi)?.value;

beforeEach(async () => {
  engine = await openWarehouse(':memory:');
});
afterEach(async () => {
  await engine.close();
});

/**
 * The whole dashboard set is stored after a call and served until any import or rollback finishes. By hand: each
 * visitor below has one non-bot page view in March 2026 (Asia/Shanghai), so UV is the number of visitors written.
 */
describe('stored dashboard sets and metric results', () => {
  it('serves the stored set until an import into the period, then recomputes', async () => {
    await importEvents(pageView('v1', '2026-03-02T02:00:00Z'));
    expect(await tile('uv')).toBe(1);
    // a row written behind the importers' back (no import recorded) does not show: the call was served stored
    await insertRows(engine, 'events', [
      { row_key: 'x1', occurred_at: '2026-03-03 02:00:00', visitor_id: 'v2', event_type: 'page_view' },
    ]);
    expect(await tile('uv')).toBe(1);
    await importEvents(pageView('v3', '2026-03-14T02:00:00Z'));
    expect(await tile('uv')).toBe(3);
  });

  it('recomputes after a collector batch (the collector writes through the import path)', async () => {
    await importEvents(pageView('v1', '2026-03-02T02:00:00Z'));
    expect(await tile('uv')).toBe(1);
    const app = Fastify({ logger: false });
    await app.register(collectorPlugin, { engine, rateLimit: false, now: () => NOW.getTime() });
    const res = await app.inject({
      method: 'POST',
      url: '/collect',
      headers: { 'content-type': 'application/json', 'user-agent': UA },
      payload: JSON.stringify({
        events: [{ type: 'page_view', visitor_id: 'c1', url: 'https://www.example.cn/', ts: NOW.getTime() - 60_000 }],
      }),
    });
    await app.close();
    expect(res.statusCode).toBe(202);
    expect(await tile('uv')).toBe(2);
  });

  it('recomputes after a rollback', async () => {
    await importEvents(pageView('v1', '2026-03-02T02:00:00Z'));
    const second = await importEvents(pageView('v2', '2026-03-05T02:00:00Z'));
    expect(await tile('uv')).toBe(2);
    await rollbackImport(engine, second.importId, 'admin');
    expect(await tile('uv')).toBe(1);
  });

  /** One person in team 新媒体 owning one lead of March 2026. */
  async function teamLead(): Promise<void> {
    await insertRows(engine, 'people', [
      { row_key: 'p1', person_id: 'p1', name: '甲', department: '市场部', team: '新媒体' },
    ]);
    await importRecords(engine, {
      table: 'leads',
      records: [{ lead_id: 'L1', created_at: '2026-03-02T02:00:00Z', owner_id: 'p1', channel: '抖音' }],
      format: 'leads',
      fileName: 'leads.csv',
    });
  }

  it('recomputes a team-scoped set when a person moves team (people edits are not imports)', async () => {
    await teamLead();
    expect(await tile('leads', { team: '新媒体' })).toBe(1);
    await engine.exec("UPDATE people SET team = '品牌' WHERE person_id = 'p1'");
    expect(await tile('leads', { team: '新媒体' })).toBe(0);
    expect(await tile('leads', { team: '品牌' })).toBe(1);
  });

  it('recomputes a locked period cut by team when a person moves team', async () => {
    await teamLead();
    const leadsByTeam = async () =>
      (
        await computeMetrics(
          engine,
          { kpis: ['leads'], period: '2026-03', by: ['team'] },
          { timeZone: TZ, isLocked: () => true },
        )
      )
        .filter((c) => c.value)
        .map((c) => [c.team, c.value]);
    expect(await leadsByTeam()).toEqual([['新媒体', 1]]);
    await engine.exec("UPDATE people SET team = '品牌' WHERE person_id = 'p1'");
    expect(await leadsByTeam()).toEqual([['品牌', 1]]);
  });

  it('computes live on request without touching the stored set', async () => {
    await importEvents(pageView('v1', '2026-03-02T02:00:00Z'));
    expect(await tile('uv')).toBe(1);
    await insertRows(engine, 'events', [
      { row_key: 'x1', occurred_at: '2026-03-03 02:00:00', visitor_id: 'v2', event_type: 'page_view' },
    ]);
    const live = await dashboard(engine, { period: '2026-03' }, { timeZone: TZ, now: NOW, live: true });
    expect(live.tiles.find((t) => t.kpi === 'uv')?.value).toBe(2);
    expect(await tile('uv')).toBe(1);
  });
});
