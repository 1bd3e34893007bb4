import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../warehouse/engine.js';
import { botReport } from './index.js';
import { factsEngine, importEvents } from './test-helpers.js';

let engine: Engine;
beforeEach(async () => {
  engine = await factsEngine();
});
afterEach(async () => {
  await engine.close();
});

describe('event classification', () => {
  it('classifies utm, referrers, click ids and fills page_path / referrer_host', async () => {
    await importEvents(engine, 'imp1', [
      {
        key: 'a',
        at: '2026-03-01 10:00:00',
        visitor: 'v1',
        url: 'https://shop.example.cn/p/1?utm_source=baidu&utm_medium=cpc&utm_campaign=spring',
      },
      {
        key: 'b',
        at: '2026-03-01 10:00:00',
        visitor: 'v2',
        url: 'https://shop.example.cn/a',
        referrer: 'https://www.baidu.com/s?wd=x',
      },
      { key: 'c', at: '2026-03-01 10:00:00', visitor: 'v3', url: 'https://shop.example.cn/?clickid=abc' },
      {
        key: 'd',
        at: '2026-03-01 10:00:00',
        visitor: 'v4',
        url: 'https://shop.example.cn/x',
        referrer: 'https://mp.weixin.qq.com/s/1',
      },
      {
        key: 'e',
        at: '2026-03-01 10:00:00',
        visitor: 'v5',
        url: 'https://shop.example.cn/b',
        referrer: 'https://shop.example.cn/a',
      },
      {
        key: 'f',
        at: '2026-03-01 10:00:00',
        visitor: 'v6',
        utm_source: 'newsletter',
        utm_medium: 'email',
        url: 'https://shop.example.cn/?utm_source=ignored',
      },
      {
        key: 'g',
        at: '2026-03-01 10:00:00',
        visitor: 'v7',
        url: 'https://shop.example.cn/?utm_source=%E7%9F%A5%E4%B9%8E&utm_medium=social',
      },
      // parameter names in capitals, the campaign's own case kept
      {
        key: 'h',
        at: '2026-03-01 10:00:00',
        visitor: 'v8',
        url: 'https://shop.example.cn/q?UTM_SOURCE=baidu&Utm_Medium=cpc&UTM_CAMPAIGN=Spring_CN',
      },
      { key: 'i', at: '2026-03-01 10:00:00', visitor: 'v9', url: 'https://shop.example.cn/q?x=1&BD_VID=abc' },
    ]);
    const rows = await engine.query(
      'SELECT row_key, source, medium, campaign, channel_group, channel, page_path, referrer_host FROM events ORDER BY row_key',
    );
    expect(rows).toEqual([
      {
        row_key: 'a',
        source: 'baidu',
        medium: 'cpc',
        campaign: 'spring',
        channel_group: 'Paid Search',
        channel: '百度SEM',
        page_path: '/p/1',
        referrer_host: null,
      },
      {
        row_key: 'b',
        source: 'baidu',
        medium: 'organic',
        campaign: null,
        channel_group: 'Organic Search',
        channel: '百度自然搜索',
        page_path: '/a',
        referrer_host: 'baidu.com',
      },
      {
        row_key: 'c',
        source: 'douyin',
        medium: 'cpc',
        campaign: null,
        channel_group: 'Paid Video',
        channel: '抖音投放',
        page_path: '/',
        referrer_host: null,
      },
      {
        row_key: 'd',
        source: 'weixin',
        medium: 'referral',
        campaign: null,
        channel_group: 'Organic Social',
        channel: '微信公众号',
        page_path: '/x',
        referrer_host: 'mp.weixin.qq.com',
      },
      {
        row_key: 'e',
        source: '(direct)',
        medium: '(none)',
        campaign: null,
        channel_group: 'Direct',
        channel: '官网直接访问',
        page_path: '/b',
        referrer_host: 'shop.example.cn',
      },
      {
        row_key: 'f',
        source: 'newsletter',
        medium: 'email',
        campaign: null,
        channel_group: 'Email',
        channel: '邮件',
        page_path: '/',
        referrer_host: null,
      },
      {
        row_key: 'g',
        source: 'zhihu',
        medium: 'social',
        campaign: null,
        channel_group: 'Organic Social',
        channel: '知乎',
        page_path: '/',
        referrer_host: null,
      },
      {
        row_key: 'h',
        source: 'baidu',
        medium: 'cpc',
        campaign: 'Spring_CN',
        channel_group: 'Paid Search',
        channel: '百度SEM',
        page_path: '/q',
        referrer_host: null,
      },
      {
        row_key: 'i',
        source: 'baidu',
        medium: 'cpc',
        campaign: null,
        channel_group: 'Paid Search',
        channel: '百度SEM',
        page_path: '/q',
        referrer_host: null,
      },
    ]);
  });

  it('reads path and hosts of relative and bare URLs, not of a URL inside their query', async () => {
    await importEvents(engine, 'imp1', [
      { key: 'a', at: '2026-03-01 10:00:00', visitor: 'v1', url: '/login?next=https://other.example/deep/page' },
      {
        key: 'b',
        at: '2026-03-01 10:00:00',
        visitor: 'v2',
        url: 'https://shop.example.cn/go?to=https://x.example/y#top',
        referrer: 'https://www.baidu.com/link?url=http://shop.example.cn/z',
      },
      {
        key: 'c',
        at: '2026-03-01 10:00:00',
        visitor: 'v3',
        url: 'pricing?from=//cdn.example/x',
        referrer: '/internal//x',
      },
      {
        key: 'd',
        at: '2026-03-01 10:00:00',
        visitor: 'v4',
        url: '//shop.example.cn/p',
        referrer: 'm.baidu.com/s?wd=1',
      },
      { key: 'e', at: '2026-03-01 10:00:00', visitor: 'v5', url: 'https://User@WWW.Shop.Example.cn:8443' },
      { key: 'f', at: '2026-03-01 10:00:00', visitor: 'v6', url: 'https://shop.example.cn?next=/a/b#/c' },
      { key: 'g', at: '2026-03-01 10:00:00', visitor: 'v7', url: 'https://shop.example.cn/a//b?x=https://y/z' },
    ]);
    expect(
      await engine.query('SELECT row_key, page_path, referrer_host, channel_group FROM events ORDER BY row_key'),
    ).toEqual([
      { row_key: 'a', page_path: '/login', referrer_host: null, channel_group: 'Direct' },
      { row_key: 'b', page_path: '/go', referrer_host: 'baidu.com', channel_group: 'Organic Search' },
      { row_key: 'c', page_path: 'pricing', referrer_host: null, channel_group: 'Direct' },
      { row_key: 'd', page_path: '/p', referrer_host: 'm.baidu.com', channel_group: 'Organic Search' },
      { row_key: 'e', page_path: '/', referrer_host: null, channel_group: 'Direct' },
      { row_key: 'f', page_path: '/', referrer_host: null, channel_group: 'Direct' },
      { row_key: 'g', page_path: '/a//b', referrer_host: null, channel_group: 'Direct' },
    ]);
  });

  it('applies user-defined channel rules from the channel_rules table', async () => {
    await engine.exec(
      `INSERT INTO channel_rules (rule_id, priority, channel, channel_group, campaign_pattern) VALUES ('r1', 1, 'KOL合作', 'Affiliates', '^kol_')`,
    );
    await importEvents(engine, 'imp1', [
      {
        key: 'a',
        at: '2026-03-01 10:00:00',
        visitor: 'v1',
        url: 'https://shop.example.cn/?utm_source=weibo&utm_medium=social&utm_campaign=kol_1',
      },
    ]);
    expect(await engine.query('SELECT channel, channel_group FROM events')).toEqual([
      { channel: 'KOL合作', channel_group: 'Affiliates' },
    ]);
  });
});

describe('bots', () => {
  it('marks bots, counts them per reason, never drops them', async () => {
    const burst = Array.from({ length: 101 }, (_, i) => ({
      at: `2026-03-01 11:00:${String(Math.floor(i / 2)).padStart(2, '0')}`,
      visitor: 'fast',
      type: 'click',
    }));
    await importEvents(engine, 'imp1', [
      { at: '2026-03-01 10:00:00', visitor: 'human' },
      { at: '2026-03-01 10:00:00', visitor: 'human-no-ua', ua: null },
      {
        at: '2026-03-01 10:00:00',
        visitor: 'g1',
        ua: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      },
      {
        at: '2026-03-01 10:01:00',
        visitor: 'g1',
        ua: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      },
      { at: '2026-03-01 10:00:00', visitor: 'c1', ua: 'curl/8.0' },
      { at: '2026-03-01 10:00:00', visitor: 'e1', ua: '' },
      { at: '2026-03-01 10:00:00', visitor: 's1', referrer: 'http://semalt.com/' },
      ...burst,
    ]);
    const [{ total, bots }] = (await engine.query<{ total: number; bots: number }>(
      'SELECT count(*) AS total, count(*) FILTER (WHERE is_bot) AS bots FROM events',
    )) as [{ total: number; bots: number }];
    expect(total).toBe(108);
    expect(bots).toBe(106);
    expect(await engine.query('SELECT reason, events, visitors FROM bot_stats ORDER BY reason')).toEqual([
      { reason: 'bot_user_agent', events: 2, visitors: 1 },
      { reason: 'empty_user_agent', events: 1, visitors: 1 },
      { reason: 'event_rate', events: 101, visitors: 1 },
      { reason: 'referrer_spam', events: 1, visitors: 1 },
      { reason: 'scripted_client', events: 1, visitors: 1 },
    ]);
    expect(await engine.query('SELECT is_bot FROM sessions WHERE visitor_id = $1', ['g1'])).toEqual([{ is_bot: true }]);
    const report = await botReport(engine, { from: new Date('2000-01-01'), to: new Date('2100-01-01') });
    expect(report.totalEvents).toBe(108);
    expect(report.botEvents).toBe(106);
    expect(report.reasons[0]).toEqual({ reason: 'event_rate', events: 101, visitors: 1 });
    expect(await botReport(engine, { from: new Date('2000-01-01'), to: new Date('2000-01-02') })).toMatchObject({
      totalEvents: 0,
      reasons: [],
    });
  });

  it('100 events in a minute is still human', async () => {
    await importEvents(
      engine,
      'imp1',
      Array.from({ length: 100 }, () => ({ at: '2026-03-01 11:00:30', visitor: 'busy' })),
    );
    expect(await engine.query('SELECT count(*) AS n FROM events WHERE is_bot')).toEqual([{ n: 0 }]);
  });
});
