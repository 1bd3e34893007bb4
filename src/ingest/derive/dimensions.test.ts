import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../warehouse/engine.js';
import { factsEngine, importRows } from './test-helpers.js';

let engine: Engine;
beforeEach(async () => {
  engine = await factsEngine();
});
afterEach(async () => {
  await engine.close();
});

describe('channel columns of non-event tables', () => {
  it('resolves spend channel names, aliases and platforms to the traffic channels', async () => {
    const spend = (key: string, extra: Record<string, unknown>) => ({
      row_key: key,
      date: '2026-03-01',
      amount: '100.00',
      ...extra,
    });
    await importRows(engine, 'spend', 'imp1', [
      spend('s1', { channel: '百度SEM' }),
      spend('s2', { channel: 'Baidu Ads' }),
      spend('s3', { platform: 'ocean-engine', channel: '抖音' }),
      spend('s4', { platform: 'google-ads' }),
      spend('s5', { channel: '巨量引擎' }),
      spend('s6', { channel: '线下活动' }),
      spend('s7', { channel: 'wechat' }),
    ]);
    expect(await engine.query('SELECT row_key, channel, channel_group FROM spend ORDER BY row_key')).toEqual([
      { row_key: 's1', channel: '百度SEM', channel_group: 'Paid Search' },
      { row_key: 's2', channel: '百度SEM', channel_group: 'Paid Search' },
      { row_key: 's3', channel: '抖音投放', channel_group: 'Paid Video' },
      { row_key: 's4', channel: 'Google Ads', channel_group: 'Paid Search' },
      { row_key: 's5', channel: '抖音投放', channel_group: 'Paid Video' },
      { row_key: 's6', channel: '线下活动', channel_group: 'Unassigned' },
      { row_key: 's7', channel: '微信公众号', channel_group: 'Organic Social' },
    ]);
  });

  it('classifies leads and orders from source/medium and canonicalises the source', async () => {
    await importRows(engine, 'leads', 'imp1', [
      { row_key: 'L1', lead_id: 'L1', created_at: '2026-03-01 10:00:00', source: 'Baidu', medium: 'CPC' },
      { row_key: 'L2', lead_id: 'L2', created_at: '2026-03-01 10:00:00', channel: '公众号' },
      { row_key: 'L3', lead_id: 'L3', created_at: '2026-03-01 10:00:00' },
    ]);
    expect(
      await engine.query('SELECT lead_id, source, medium, channel, channel_group FROM leads ORDER BY lead_id'),
    ).toEqual([
      { lead_id: 'L1', source: 'baidu', medium: 'cpc', channel: '百度SEM', channel_group: 'Paid Search' },
      { lead_id: 'L2', source: null, medium: null, channel: '微信公众号', channel_group: 'Organic Social' },
      { lead_id: 'L3', source: null, medium: null, channel: null, channel_group: null },
    ]);
    await importRows(engine, 'orders', 'imp2', [
      { row_key: 'O1', order_id: 'O1', customer_id: 'C1', ordered_at: '2026-03-01', amount: '1.00', channel: 'email' },
    ]);
    expect(await engine.query('SELECT channel, channel_group FROM orders')).toEqual([
      { channel: '邮件', channel_group: 'Email' },
    ]);
  });

  it('maps GA4 aggregate channel groups in traffic, and names in content and surveys', async () => {
    await importRows(engine, 'traffic', 'imp1', [
      { row_key: 't1', date: '2026-03-01', channel: 'Organic Search', sessions: 10 },
      { row_key: 't2', date: '2026-03-01', channel: 'Direct', sessions: 5 },
      { row_key: 't3', date: '2026-03-01', source: 'baidu', medium: 'organic', sessions: 3 },
    ]);
    expect(await engine.query('SELECT row_key, channel, channel_group, source FROM traffic ORDER BY row_key')).toEqual([
      { row_key: 't1', channel: 'Organic Search', channel_group: 'Organic Search', source: null },
      { row_key: 't2', channel: '官网直接访问', channel_group: 'Direct', source: null },
      { row_key: 't3', channel: '百度自然搜索', channel_group: 'Organic Search', source: 'baidu' },
    ]);
    await importRows(engine, 'content', 'imp2', [
      { row_key: 'c1', date: '2026-03-01', content_id: 'A1', channel: '小红书' },
    ]);
    await importRows(engine, 'surveys', 'imp3', [
      { row_key: 'q1', response_id: 'R1', answered_at: '2026-03-01', channel: 'B站' },
    ]);
    expect(await engine.query('SELECT channel, channel_group FROM content')).toEqual([
      { channel: '小红书', channel_group: 'Organic Social' },
    ]);
    expect(await engine.query('SELECT channel, channel_group FROM surveys')).toEqual([
      { channel: 'B站', channel_group: 'Organic Video' },
    ]);
  });

  it('uses user rules and their aliases for named channels', async () => {
    await engine.exec(
      `INSERT INTO channel_rules (rule_id, priority, channel, channel_group, aliases) VALUES ('r1', 1, 'KOL合作', 'Affiliates', 'kol,达人')`,
    );
    await importRows(engine, 'spend', 'imp1', [{ row_key: 's1', date: '2026-03-01', amount: '5.00', channel: '达人' }]);
    expect(await engine.query('SELECT channel, channel_group FROM spend')).toEqual([
      { channel: 'KOL合作', channel_group: 'Affiliates' },
    ]);
  });
});
