import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../warehouse/engine.js';
import { sessionsSelectSql } from './sessions.js';
import { factsEngine, importEvents, type RawEvent } from './test-helpers.js';

let engine: Engine;
beforeEach(async () => {
  engine = await factsEngine();
});
afterEach(async () => {
  await engine.close();
});

const sessionsOf = (visitor: string) =>
  engine.query<{
    events: number;
    pageviews: number;
    channel: string;
    landing_page: string;
    engaged: boolean;
    converted: boolean;
  }>(
    `SELECT events, pageviews, channel, landing_page, engaged, converted FROM sessions WHERE visitor_id = $1 ORDER BY started_at`,
    [visitor],
  );

const eventSessions = async (visitor: string) =>
  (
    await engine.query<{ row_key: string; session_key: string }>(
      'SELECT row_key, session_key FROM events WHERE visitor_id = $1 ORDER BY occurred_at, row_key',
      [visitor],
    )
  ).map((r) => r.session_key);

const BAIDU = 'https://shop.example.cn/lp?utm_source=baidu&utm_medium=cpc&utm_campaign=a';

describe('sessionization', () => {
  it.each<[string, RawEvent[], number[]]>([
    [
      '29 minutes apart: one session',
      [
        { at: '2026-03-01 10:00:00', visitor: 'v' },
        { at: '2026-03-01 10:29:00', visitor: 'v' },
      ],
      [2],
    ],
    [
      'exactly 30 minutes: one session',
      [
        { at: '2026-03-01 10:00:00', visitor: 'v' },
        { at: '2026-03-01 10:30:00', visitor: 'v' },
      ],
      [2],
    ],
    [
      '31 minutes apart: two sessions',
      [
        { at: '2026-03-01 10:00:00', visitor: 'v' },
        { at: '2026-03-01 10:31:00', visitor: 'v' },
      ],
      [1, 1],
    ],
    [
      'gap measured from the last event, not the first',
      [
        { at: '2026-03-01 10:00:00', visitor: 'v' },
        { at: '2026-03-01 10:25:00', visitor: 'v' },
        { at: '2026-03-01 10:50:00', visitor: 'v' },
      ],
      [3],
    ],
    [
      'crossing midnight stays one session',
      [
        { at: '2026-03-01 15:50:00', visitor: 'v' },
        { at: '2026-03-01 16:10:00', visitor: 'v' },
      ],
      [2],
    ],
    [
      'new campaign starts a session',
      [
        { at: '2026-03-01 10:00:00', visitor: 'v', url: BAIDU },
        {
          at: '2026-03-01 10:05:00',
          visitor: 'v',
          url: 'https://shop.example.cn/?utm_source=baidu&utm_medium=cpc&utm_campaign=b',
        },
      ],
      [1, 1],
    ],
    [
      'same campaign again continues',
      [
        { at: '2026-03-01 10:00:00', visitor: 'v', url: BAIDU },
        { at: '2026-03-01 10:05:00', visitor: 'v', url: BAIDU },
      ],
      [2],
    ],
    [
      'internal navigation continues the campaign session',
      [
        { at: '2026-03-01 10:00:00', visitor: 'v', url: BAIDU },
        { at: '2026-03-01 10:02:00', visitor: 'v', url: 'https://shop.example.cn/p', referrer: BAIDU },
        {
          at: '2026-03-01 10:04:00',
          visitor: 'v',
          url: 'https://shop.example.cn/q',
          referrer: 'https://shop.example.cn/p',
        },
      ],
      [3],
    ],
    [
      'direct visit then a referral starts a session',
      [
        { at: '2026-03-01 10:00:00', visitor: 'v' },
        { at: '2026-03-01 10:05:00', visitor: 'v', referrer: 'https://www.zhihu.com/q/1' },
      ],
      [1, 1],
    ],
    [
      'source session id change splits',
      [
        { at: '2026-03-01 10:00:00', visitor: 'v', session_id: 's1' },
        { at: '2026-03-01 10:01:00', visitor: 'v', session_id: 's2' },
      ],
      [1, 1],
    ],
  ])('%s', async (_name, events, expected) => {
    await importEvents(engine, 'imp1', events);
    expect((await sessionsOf('v')).map((s) => s.events)).toEqual(expected);
    const keys = await eventSessions('v');
    expect(new Set(keys).size).toBe(expected.length);
    expect(keys.every((k) => k?.startsWith('s_'))).toBe(true);
  });

  it('aggregates landing page, channel, pageviews, engaged and converted', async () => {
    await importEvents(engine, 'imp1', [
      { at: '2026-03-01 10:00:00', visitor: 'v', url: BAIDU },
      { at: '2026-03-01 10:00:05', visitor: 'v', type: 'form_submit', url: 'https://shop.example.cn/form' },
      { at: '2026-03-01 12:00:00', visitor: 'v', url: 'https://shop.example.cn/only' },
      { at: '2026-03-01 14:00:00', visitor: 'v', url: 'https://shop.example.cn/a' },
      { at: '2026-03-01 14:00:20', visitor: 'v', type: 'click', url: 'https://shop.example.cn/a' },
    ]);
    expect(await sessionsOf('v')).toEqual([
      { events: 2, pageviews: 1, channel: '百度SEM', landing_page: '/lp', engaged: true, converted: true },
      { events: 1, pageviews: 1, channel: '官网直接访问', landing_page: '/only', engaged: false, converted: false },
      { events: 2, pageviews: 1, channel: '官网直接访问', landing_page: '/a', engaged: true, converted: false },
    ]);
    expect(
      await engine.query("SELECT DISTINCT landing_page FROM events WHERE occurred_at < '2026-03-01 11:00'"),
    ).toEqual([{ landing_page: '/lp' }]);
  });

  it('rebuilds only affected visitors when a later import fills a gap (out-of-order append)', async () => {
    await importEvents(engine, 'imp1', [
      { at: '2026-03-01 10:00:00', visitor: 'v' },
      { at: '2026-03-01 10:50:00', visitor: 'v' },
      { at: '2026-03-01 10:00:00', visitor: 'other' },
    ]);
    expect((await sessionsOf('v')).map((s) => s.events)).toEqual([1, 1]);
    const otherBefore = await engine.query("SELECT * FROM sessions WHERE visitor_id = 'other'");
    await importEvents(engine, 'imp2', [{ at: '2026-03-01 10:25:00', visitor: 'v' }]);
    expect((await sessionsOf('v')).map((s) => s.events)).toEqual([3]);
    expect(new Set(await eventSessions('v')).size).toBe(1);
    expect(await engine.query("SELECT * FROM sessions WHERE visitor_id = 'other'")).toEqual(otherBefore);
    expect(await engine.query('SELECT count(*) AS n FROM sessions')).toEqual([{ n: 2 }]);
  });

  it('session keys are stable when a later import appends a new session', async () => {
    await importEvents(engine, 'imp1', [{ at: '2026-03-01 10:00:00', visitor: 'v' }]);
    const [first] = await eventSessions('v');
    await importEvents(engine, 'imp2', [{ at: '2026-03-02 10:00:00', visitor: 'v' }]);
    const keys = await eventSessions('v');
    expect(keys[0]).toBe(first);
    expect(keys[1]).not.toBe(first);
  });
});

describe('after a rollback', () => {
  it('rebuilds the sessions of the visitors the rolled-back import touched', async () => {
    const { prepareRollbackDerivation } = await import('./index.js');
    await importEvents(engine, 'imp1', [
      { at: '2026-03-01 10:00:00', visitor: 'v' },
      { at: '2026-03-01 10:50:00', visitor: 'v' },
    ]);
    await importEvents(engine, 'imp2', [
      { at: '2026-03-01 10:25:00', visitor: 'v' },
      { at: '2026-03-01 10:00:00', visitor: 'only-in-imp2' },
    ]);
    expect((await sessionsOf('v')).map((s) => s.events)).toEqual([3]);
    await engine.transaction(async (tx) => {
      const finish = await prepareRollbackDerivation(tx, { table: 'events', importId: 'imp2' });
      await tx.exec("DELETE FROM events WHERE import_id = 'imp2'");
      await finish();
    });
    expect((await sessionsOf('v')).map((s) => s.events)).toEqual([1, 1]);
    expect(await sessionsOf('only-in-imp2')).toEqual([]);
    expect(new Set(await eventSessions('v')).size).toBe(2);
  });
});

describe('session attribution of inner hits', () => {
  it('gives direct/internal hits of a campaign session the session channel; a direct session stays direct', async () => {
    await importEvents(engine, 'imp1', [
      { key: 'a', at: '2026-03-01 10:00:00', visitor: 'v', url: BAIDU },
      { key: 'b', at: '2026-03-01 10:03:00', visitor: 'v', url: 'https://shop.example.cn/form', referrer: BAIDU },
      { key: 'c', at: '2026-03-01 10:04:00', visitor: 'v', type: 'form_submit', url: 'https://shop.example.cn/form' },
      { key: 'd', at: '2026-03-02 10:00:00', visitor: 'v', url: 'https://shop.example.cn/' },
    ]);
    expect(await engine.query('SELECT row_key, channel, campaign FROM events ORDER BY row_key')).toEqual([
      { row_key: 'a', channel: '百度SEM', campaign: 'a' },
      { row_key: 'b', channel: '百度SEM', campaign: 'a' },
      { row_key: 'c', channel: '百度SEM', campaign: 'a' },
      { row_key: 'd', channel: '官网直接访问', campaign: null },
    ]);
    await importEvents(engine, 'imp2', [{ key: 'e', at: '2026-03-01 10:05:00', visitor: 'v' }]);
    expect((await sessionsOf('v')).map((s) => [s.events, s.channel])).toEqual([
      [4, '百度SEM'],
      [1, '官网直接访问'],
    ]);
  });
});

describe('sessionsSelectSql', () => {
  /** A session's key, worked out here: s_ and 20 hex digits of md5(first row's visitor id | row key). */
  const key = (visitor: string, rowKey: string) =>
    `s_${createHash('md5').update(`${visitor}|${rowKey}`).digest('hex').slice(0, 20)}`;

  it('takes text from the first row, else the first later row that has it; landing page = first page view', async () => {
    await engine.exec(
      `CREATE TEMP TABLE marked (sid BIGINT, visitor_id VARCHAR, row_key VARCHAR, rn BIGINT, occurred_at TIMESTAMP,
         event_type VARCHAR, page_path VARCHAR, person_key VARCHAR, source VARCHAR, medium VARCHAR, campaign VARCHAR,
         channel_group VARCHAR, channel VARCHAR, is_bot BOOLEAN)`,
    );
    const t = (s: number) => `2026-03-01 10:00:${String(s).padStart(2, '0')}`;
    const rows: unknown[][] = [
      // s1: the first row is a form submit without person or source; the first page view comes later
      [1, 'v1', 'r1_0', 0, t(0), 'form_submit', '/form', null, null, null, null, null, null, false],
      [1, 'v1', 'r1_1', 1, t(1), 'page_view', '/lp', 'p1', 'baidu', 'cpc', 'c1', 'Paid Search', '百度SEM', false],
      [1, 'v1', 'r1_2', 2, t(2), 'page_view', '/x', 'p2', 'zhihu', 'referral', 'c2', 'Referral', '知乎', true],
      // s2: everything on the first row but the campaign, which a later row carries
      [
        2,
        'v2',
        'r2_0',
        0,
        t(0),
        'page_view',
        '/a',
        'p3',
        'weixin',
        'social',
        null,
        'Organic Social',
        '微信公众号',
        false,
      ],
      [2, 'v2', 'r2_1', 1, t(30), 'click', '/a', 'p3', 'weixin', 'social', 'z', 'Organic Social', '微信公众号', false],
      // s3: no page view; the first row has no path
      [3, 'v3', 'r3_0', 0, t(0), 'click', null, 'p4', '(direct)', '(none)', null, 'Direct', '官网直接访问', false],
      [3, 'v3', 'r3_1', 1, t(3), 'click', '/b', 'p4', '(direct)', '(none)', null, 'Direct', '官网直接访问', false],
    ];
    await engine.append(
      'marked',
      [
        'sid',
        'visitor_id',
        'row_key',
        'rn',
        'occurred_at',
        'event_type',
        'page_path',
        'person_key',
        'source',
        'medium',
        'campaign',
        'channel_group',
        'channel',
        'is_bot',
      ],
      rows,
    );
    const got = await engine.query(
      `SELECT sid, session_key, person_key, landing_page, source, medium, campaign, channel_group, channel, is_bot, events,
         pageviews, engaged, converted FROM (${sessionsSelectSql('marked')}) ORDER BY sid`,
    );
    expect(got).toEqual([
      {
        sid: 1,
        session_key: key('v1', 'r1_0'),
        person_key: 'p1',
        landing_page: '/lp',
        source: 'baidu',
        medium: 'cpc',
        campaign: 'c1',
        channel_group: 'Paid Search',
        channel: '百度SEM',
        is_bot: true,
        events: 3,
        pageviews: 2,
        engaged: true,
        converted: true,
      },
      {
        sid: 2,
        session_key: key('v2', 'r2_0'),
        person_key: 'p3',
        landing_page: '/a',
        source: 'weixin',
        medium: 'social',
        campaign: 'z',
        channel_group: 'Organic Social',
        channel: '微信公众号',
        is_bot: false,
        events: 2,
        pageviews: 1,
        engaged: true,
        converted: false,
      },
      {
        sid: 3,
        session_key: key('v3', 'r3_0'),
        person_key: 'p4',
        landing_page: '/b',
        source: '(direct)',
        medium: '(none)',
        campaign: null,
        channel_group: 'Direct',
        channel: '官网直接访问',
        is_bot: false,
        events: 2,
        pageviews: 0,
        engaged: false,
        converted: false,
      },
    ]);
  });
});
