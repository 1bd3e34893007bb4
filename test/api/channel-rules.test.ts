import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, type Session, startHarness } from './harness.js';

let h: Harness;
let analyst: Session;
let manager: Session;

beforeAll(async () => {
  h = await startHarness();
  analyst = await h.login('analyst');
  manager = await h.login('manager');
});
afterAll(async () => h.close());

const RULE = {
  priority: 10,
  channel: '小红书',
  channel_group: 'Organic Social',
  source_pattern: '^(xhs|xiaohongshu)$',
  aliases: ['红书', ' XHS '],
};

describe('channel rules API', () => {
  it('creates, lists and deletes a rule, audited, and says it applies to future imports', async () => {
    const created = await h.as(analyst, 'POST', '/api/channel-rules', RULE);
    expect(created.statusCode, created.body).toBe(201);
    const rule = created.json();
    expect(rule).toMatchObject({
      priority: 10,
      channel: '小红书',
      channel_group: 'Organic Social',
      source_pattern: '^(xhs|xiaohongshu)$',
      medium_pattern: null,
      aliases: ['红书', 'XHS'],
      created_by: 'analyst',
      applies_to: 'future_imports',
    });
    const [stored] = await h.engine.query<{ aliases: string }>('SELECT aliases FROM channel_rules WHERE rule_id = $1', [
      rule.rule_id,
    ]);
    expect(JSON.parse(stored?.aliases ?? '[]')).toEqual(['红书', 'XHS']);

    const list = await h.as(manager, 'GET', '/api/channel-rules');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().applies_to).toBe('future_imports');
    expect(list.json().items.map((r: { rule_id: string }) => r.rule_id)).toContain(rule.rule_id);

    const gone = await h.as(analyst, 'DELETE', `/api/channel-rules/${rule.rule_id}`);
    expect(gone.statusCode, gone.body).toBe(200);
    expect(gone.json()).toMatchObject({ deleted: rule.rule_id, applies_to: 'future_imports' });
    expect(await h.engine.query('SELECT * FROM channel_rules WHERE rule_id = $1', [rule.rule_id])).toEqual([]);

    const audit = await h.engine.query(
      "SELECT actor, action FROM audit_log WHERE entity = 'channel_rule' AND entity_id = $1 ORDER BY id",
      [rule.rule_id],
    );
    expect(audit).toEqual([
      { actor: 'analyst', action: 'create' },
      { actor: 'analyst', action: 'delete' },
    ]);
  });

  it('lists rules in evaluation order (lower priority first)', async () => {
    await h.as(analyst, 'POST', '/api/channel-rules', { ...RULE, priority: 50, channel: 'B' });
    await h.as(analyst, 'POST', '/api/channel-rules', { ...RULE, priority: 5, channel: 'A' });
    const items = (await h.as(analyst, 'GET', '/api/channel-rules')).json().items as { channel: string }[];
    expect(items.map((r) => r.channel)).toEqual(['A', 'B']);
  });

  it.each([
    ['source_pattern', { source_pattern: '(unclosed' }],
    ['medium_pattern', { medium_pattern: '[z-a]' }],
    ['campaign_pattern', { campaign_pattern: '*x' }],
    ['referrer_pattern', { referrer_pattern: 'a{2,1}' }],
    ['channel', { channel: '' }],
    ['priority', { priority: 'high' }],
    ['channel_group', { channel_group: 'Made Up Group' }],
  ])('a bad %s is a 422 naming the field, and nothing is stored', async (field, patch) => {
    const before = await h.engine.query('SELECT count(*) AS n FROM channel_rules');
    const res = await h.as(analyst, 'POST', '/api/channel-rules', { ...RULE, ...patch });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.field).toBe(field);
    expect(res.json().error.message).toContain(field);
    expect(await h.engine.query('SELECT count(*) AS n FROM channel_rules')).toEqual(before);
  });

  it('deleting an unknown rule is a 404; a manager may read but not change rules', async () => {
    expect((await h.as(analyst, 'DELETE', '/api/channel-rules/no-such-rule')).statusCode).toBe(404);
    const res = await h.as(manager, 'POST', '/api/channel-rules', RULE);
    expect(res.statusCode).toBe(403);
  });
});
