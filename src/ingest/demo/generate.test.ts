import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TABLES, type DemoFiles, generateDemoFiles } from './generate.js';
import { DEMO_PEOPLE } from './people.js';
import { readCsv, readCsvObjects } from './test-csv.js';

const UNTIL = '2026-11-28';
const ISO_LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONEY = /^\d+\.\d{2}$/;
let root: string;

async function hashes(files: DemoFiles['files']): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [table, file] of Object.entries(files)) {
    out[table] = createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
  }
  return out;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'yardstick-demo-test-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('generateDemoFiles determinism', () => {
  it('same seed → identical files byte for byte; another seed → different data', async () => {
    const a = await generateDemoFiles({ dir: path.join(root, 'a'), events: 20_000, seed: 7, until: UNTIL });
    const b = await generateDemoFiles({ dir: path.join(root, 'b'), events: 20_000, seed: 7, until: UNTIL });
    const c = await generateDemoFiles({ dir: path.join(root, 'c'), events: 20_000, seed: 8, until: UNTIL });
    const [ha, hb, hc] = await Promise.all([hashes(a.files), hashes(b.files), hashes(c.files)]);
    expect(hb).toEqual(ha);
    expect(b.counts).toEqual(a.counts);
    for (const table of ['events', 'leads', 'orders', 'spend', 'brand_search'] as const) {
      expect(hc[table], table).not.toBe(ha[table]);
    }
    expect(hc.people).toBe(ha.people);
    expect(a.counts.events).toBe(20_000);
  });
});

describe('generateDemoFiles in parts', () => {
  it('splits events, leads and orders into rounds of parts with the header, handed over complete, same rows', async () => {
    const whole = await generateDemoFiles({ dir: path.join(root, 'whole'), events: 20_000, seed: 3, until: UNTIL });
    const handed: { table: string; file: string; rows: number; text: string }[] = [];
    const parted = await generateDemoFiles({
      dir: path.join(root, 'parted'),
      events: 20_000,
      seed: 3,
      until: UNTIL,
      parts: {
        rows: 6_000,
        onPart: async (table, file, rows) => {
          handed.push({ table, file, rows, text: await readFile(file, 'utf8') });
          await rm(file);
        },
      },
    });
    // four rounds, each its events part, then the leads and orders written meanwhile
    expect(handed.map((h) => path.basename(h.file))).toEqual(
      [1, 2, 3, 4].flatMap((n) => ['events', 'leads', 'orders'].map((t) => `${t}-000${n}.csv`)),
    );
    expect(parted.partFiles.events).toEqual(handed.filter((h) => h.table === 'events').map((h) => h.file));
    expect(parted.files.events).toBe(handed[0]?.file);
    const events = handed.filter((h) => h.table === 'events');
    // an events part ends at the first session boundary after 6,000 rows
    for (const h of events.slice(0, -1)) expect(h.rows).toBeGreaterThanOrEqual(6_000);
    for (const h of events.slice(0, -1)) expect(h.rows).toBeLessThan(6_100);
    for (const table of ['events', 'leads', 'orders'] as const) {
      const text = await readFile(whole.files[table], 'utf8');
      const rows = handed
        .filter((h) => h.table === table)
        .flatMap((h) => {
          const lines = h.text.split('\n').filter(Boolean);
          expect(lines[0], table).toBe(text.split('\n')[0]);
          expect(lines.length - 1, table).toBe(h.rows);
          return lines.slice(1);
        });
      expect(rows, table).toEqual(text.split('\n').filter(Boolean).slice(1));
      expect(rows.length, table).toBeGreaterThan(0);
    }
    expect(parted.counts).toEqual(whole.counts);
  });

  it('hands nothing more over once a part fails', async () => {
    const handed: string[] = [];
    const failing = generateDemoFiles({
      dir: path.join(root, 'failing'),
      events: 20_000,
      seed: 3,
      until: UNTIL,
      parts: {
        rows: 6_000,
        onPart: async (table, file) => {
          handed.push(path.basename(file));
          if (table === 'leads') throw new Error('import failed');
        },
      },
    });
    await expect(failing).rejects.toThrow('import failed');
    expect(handed).toEqual(['events-0001.csv', 'leads-0001.csv']);
  });
});

describe('generateDemoFiles content', () => {
  let gen: DemoFiles;
  let events: Record<string, string>[];
  let leads: Record<string, string>[];
  let orders: Record<string, string>[];

  beforeAll(async () => {
    gen = await generateDemoFiles({ dir: path.join(root, 'big'), events: 40_000, seed: 42, until: UNTIL });
    events = readCsvObjects(gen.files.events);
    leads = readCsvObjects(gen.files.leads);
    orders = readCsvObjects(gen.files.orders);
  });

  it('writes every table with canonical headers and rectangular rows', () => {
    const expectedHeaders: Record<string, string[]> = {
      events: ['occurred_at', 'visitor_id', 'event_type', 'user_id', 'session_id', 'event_id', 'page_url', 'referrer'],
      leads: ['lead_id', 'created_at', 'visitor_id', 'email', 'channel', 'mql_at', 'sql_at', 'won_at', 'segment'],
      orders: ['order_id', 'customer_id', 'ordered_at', 'amount', 'currency', 'status', 'lead_id'],
      spend: ['date', 'amount', 'channel', 'campaign', 'impressions', 'clicks', 'owner_id'],
      content: ['date', 'content_id', 'title', 'content_type', 'impressions', 'clicks', 'shares', 'leads'],
      surveys: ['response_id', 'answered_at', 'customer_id', 'nps', 'rating'],
      experiments: ['experiment_id', 'variant', 'visitors', 'conversions', 'is_control'],
      brand_search: ['date', 'keyword', 'source', 'volume'],
      projects: ['project_id', 'name', 'departments', 'owner_id', 'due_at', 'completed_at', 'status'],
      deliverables: ['deliverable_id', 'owner_id', 'kind', 'due_at', 'submitted_at', 'completeness'],
      people: ['person_id', 'name', 'department', 'team', 'title', 'email', 'manager_id', 'role'],
    };
    for (const table of DEMO_TABLES) {
      const { header, rows } = readCsv(gen.files[table]);
      expect(header, table).toEqual(expect.arrayContaining(expectedHeaders[table] ?? []));
      expect(rows.length, table).toBe(gen.counts[table]);
      expect(rows.length, table).toBeGreaterThan(0);
      expect(rows.filter((row) => row.length !== header.length).slice(0, 3), table).toEqual([]);
    }
  });

  it('events have parseable instants, known types and unique ids', () => {
    const types = new Set(['page_view', 'form_submit', 'download', 'share', 'signup', 'purchase']);
    const ids = new Set<string>();
    const bad = events.filter((e) => {
      ids.add(e.event_id ?? '');
      try {
        new URL(e.page_url ?? '');
        if (e.referrer) new URL(e.referrer);
        if (e.properties) JSON.parse(e.properties);
      } catch {
        return true;
      }
      return !ISO_LOCAL.test(e.occurred_at ?? '') || !types.has(e.event_type ?? '') || !e.visitor_id || !e.session_id;
    });
    expect(bad.slice(0, 3)).toEqual([]);
    expect(ids.size).toBe(events.length);
    for (const type of types)
      expect(
        events.some((e) => e.event_type === type),
        type,
      ).toBe(true);
  });

  it('covers 12 full months plus the current month to --until, nothing later', () => {
    const months = new Set(events.map((e) => e.occurred_at?.slice(0, 7)));
    expect([...months].sort()).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
    const lastInstant = new Date(`${UNTIL}T23:59:59+08:00`).getTime();
    const firstInstant = new Date('2025-11-01T00:00:00+08:00').getTime();
    const times = events.map((e) => new Date(e.occurred_at ?? '').getTime());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(firstInstant);
    expect(Math.max(...times)).toBeLessThanOrEqual(lastInstant);
    expect(events.some((e) => e.occurred_at?.startsWith(UNTIL))).toBe(true);
    const leadTimes = leads.flatMap((l) => [l.created_at, l.mql_at, l.sql_at, l.opportunity_at, l.won_at, l.lost_at]);
    expect(leadTimes.filter((t) => t && new Date(t).getTime() > lastInstant)).toEqual([]);
    expect(gen.from).toBe('2025-11-01');
  });

  it('has a few % bot traffic, marked by crawler user agents', () => {
    const isBot = (ua: string) => /spider|bot|python-requests/i.test(ua);
    const share = events.filter((e) => isBot(e.user_agent ?? '')).length / events.length;
    expect(share).toBeGreaterThanOrEqual(0.01);
    expect(share).toBeLessThanOrEqual(0.05);
  });

  it('has returning visitors and logged-in users on several devices', () => {
    const sessionsByVisitor = new Map<string, Set<string>>();
    const visitorsByUser = new Map<string, Set<string>>();
    for (const e of events) {
      const v = e.visitor_id ?? '';
      if (!sessionsByVisitor.has(v)) sessionsByVisitor.set(v, new Set());
      sessionsByVisitor.get(v)?.add(e.session_id ?? '');
      if (e.user_id) {
        if (!visitorsByUser.has(e.user_id)) visitorsByUser.set(e.user_id, new Set());
        visitorsByUser.get(e.user_id)?.add(v);
      }
    }
    const returning = [...sessionsByVisitor.values()].filter((s) => s.size >= 2).length;
    expect(returning / sessionsByVisitor.size).toBeGreaterThan(0.05);
    expect([...visitorsByUser.values()].some((v) => v.size >= 2)).toBe(true);
  });

  it('creates leads for about 2% of visitors, each from a form submit of its visitor', () => {
    const visitors = new Set(events.map((e) => e.visitor_id));
    const rate = leads.length / visitors.size;
    expect(rate).toBeGreaterThan(0.01);
    expect(rate).toBeLessThan(0.035);
    const submitters = new Set(events.filter((e) => e.event_type === 'form_submit').map((e) => e.visitor_id));
    expect(leads.filter((l) => !submitters.has(l.visitor_id)).map((l) => l.lead_id)).toEqual([]);
    expect(leads.filter((l) => !/@example\.com$/.test(l.email ?? '')).map((l) => l.email)).toEqual([]);
  });

  it('moves leads through a monotone funnel with stage dates in order and realistic lags', () => {
    const n = (col: string) => leads.filter((l) => l[col]).length;
    expect(n('mql_at')).toBeGreaterThan(n('sql_at'));
    expect(n('sql_at')).toBeGreaterThan(n('opportunity_at'));
    expect(n('opportunity_at')).toBeGreaterThan(n('won_at'));
    expect(n('won_at')).toBeGreaterThan(0);
    expect(n('lost_at')).toBeGreaterThan(0);
    const lagDays: number[] = [];
    const disordered = leads.filter((l) => {
      const stages = [l.created_at, l.mql_at, l.sql_at, l.opportunity_at, l.won_at].filter(Boolean) as string[];
      const times = stages.map((s) => new Date(s).getTime());
      if (l.sql_at && l.won_at)
        lagDays.push((new Date(l.won_at).getTime() - new Date(l.sql_at).getTime()) / 86_400_000);
      const score = Number(l.lead_score);
      const skipped = l.won_at && !(l.opportunity_at && l.sql_at && l.mql_at);
      return skipped || times.some((t, i) => i > 0 && t < (times[i - 1] ?? 0)) || !(score >= 0 && score <= 100);
    });
    expect(disordered).toEqual([]);
    lagDays.sort((a, b) => a - b);
    const median = lagDays[Math.floor(lagDays.length / 2)] ?? 0;
    expect(median).toBeGreaterThan(7);
    expect(median).toBeLessThan(90);
    expect(leads.some((l) => l.segment === 'student')).toBe(true);
  });

  it('applies the mid-year MQL definition: no student MQLs after the change', () => {
    const change = new Date(`${gen.mqlRuleChange}T00:00:00+08:00`).getTime();
    const after = leads.filter((l) => new Date(l.created_at ?? '').getTime() >= change);
    const before = leads.filter((l) => new Date(l.created_at ?? '').getTime() < change);
    expect(after.filter((l) => l.mql_at && (l.segment === 'student' || Number(l.lead_score) < 60))).toEqual([]);
    expect(before.some((l) => l.mql_at && Number(l.lead_score) < 60)).toBe(true);
  });

  it('has orders with exact money, repeat buyers, refunds and won deals', () => {
    const badOrders = orders.filter(
      (o) =>
        !MONEY.test(o.amount ?? '') ||
        !['paid', 'refunded', 'cancelled'].includes(o.status ?? '') ||
        !ISO_LOCAL.test(o.ordered_at ?? '') ||
        (o.status === 'refunded' && !(new Date(o.refunded_at ?? '') > new Date(o.ordered_at ?? ''))),
    );
    expect(badOrders).toEqual([]);
    const paidByCustomer = new Map<string, number>();
    for (const o of orders) {
      if (o.status === 'paid')
        paidByCustomer.set(o.customer_id ?? '', (paidByCustomer.get(o.customer_id ?? '') ?? 0) + 1);
    }
    expect([...paidByCustomer.values()].filter((c) => c >= 2).length).toBeGreaterThan(0);
    expect(orders.some((o) => o.status === 'refunded')).toBe(true);
    const wonLeads = new Set(leads.filter((l) => l.won_at).map((l) => l.lead_id));
    const b2b = orders.filter((o) => o.lead_id);
    expect(b2b.length).toBeGreaterThan(0);
    expect(b2b.filter((o) => !wonLeads.has(o.lead_id))).toEqual([]);
  });

  it('writes spend, content, surveys, experiments, brand search, projects and deliverables that make sense', () => {
    const spend = readCsvObjects(gen.files.spend);
    const badSpend = spend.filter(
      (s) => !DATE.test(s.date ?? '') || !MONEY.test(s.amount ?? '') || Number(s.clicks) > Number(s.impressions),
    );
    expect(badSpend).toEqual([]);
    expect(new Set(spend.map((s) => s.channel))).toContain('百度SEM');
    const surveys = readCsvObjects(gen.files.surveys);
    expect(surveys.length).toBeGreaterThan(0);
    const badSurveys = surveys.filter(
      (s) => !(Number(s.nps) >= 0 && Number(s.nps) <= 10 && Number(s.rating) >= 1 && Number(s.rating) <= 5),
    );
    expect(badSurveys).toEqual([]);
    const content = readCsvObjects(gen.files.content);
    expect(new Set(content.map((c) => c.content_type))).toEqual(
      new Set(['article', 'video', 'whitepaper', 'live', 'post']),
    );
    const experiments = readCsvObjects(gen.files.experiments);
    expect(experiments.filter((x) => Number(x.conversions) > Number(x.visitors))).toEqual([]);
    const brand = readCsvObjects(gen.files.brand_search);
    expect(new Set(brand.map((b) => b.source))).toEqual(new Set(['baidu_index', 'wechat_index', 'douyin_index']));
    const deliverables = readCsvObjects(gen.files.deliverables);
    const late = deliverables.filter((d) => d.submitted_at && new Date(d.submitted_at) > new Date(d.due_at ?? ''));
    expect(late.length).toBeGreaterThan(0);
    expect(late.length).toBeLessThan(deliverables.length / 4);
    const people = readCsvObjects(gen.files.people);
    expect(people.map((p) => p.person_id)).toEqual(DEMO_PEOPLE.map((p) => p.id));
    const owners = new Set(DEMO_PEOPLE.map((p) => p.id));
    const strangers = [...spend, ...leads, ...orders, ...content, ...deliverables].filter(
      (row) => row.owner_id && !owners.has(row.owner_id),
    );
    expect(strangers).toEqual([]);
  });
});
