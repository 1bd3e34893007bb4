import type { AuthUser } from '../../src/app/context.js';
import { DuckDbEngine } from '../../src/warehouse/duckdb/engine.js';
import type { Engine } from '../../src/warehouse/engine.js';
import { migrate } from '../../src/warehouse/migrations/index.js';

/** The test organisation: a marketing manager with three reports in two teams, a sales rep and HR. */
export const PEOPLE = [
  { person_id: 'p01', name: '王经理', department: '市场部', team: '增长团队', manager_id: null, role: 'manager' },
  { person_id: 'p02', name: '李娜', department: '市场部', team: '增长团队', manager_id: 'p01', role: 'member' },
  { person_id: 'p03', name: '张伟', department: '市场部', team: '增长团队', manager_id: 'p01', role: 'member' },
  // A hostile name: exports must neutralise it.
  { person_id: 'p04', name: '=cmd()', department: '市场部', team: '内容团队', manager_id: 'p01', role: 'member' },
  { person_id: 'p05', name: '赵销售', department: '销售部', team: '销售一组', manager_id: null, role: 'member' },
  { person_id: 'p06', name: '孙HR', department: '人力资源部', team: null, manager_id: null, role: 'hr' },
];

const user = (id: string, role: AuthUser['role'], personId: string | null): AuthUser => ({
  id,
  username: id,
  role,
  personId,
});
export const ADMIN = user('admin', 'admin', null);
export const MANAGER = user('wang', 'manager', 'p01');
export const LINA = user('lina', 'member', 'p02');
export const ZHANGWEI = user('zhangwei', 'member', 'p03');
export const P04 = user('p04user', 'member', 'p04');
export const SALES = user('zhao', 'member', 'p05');
export const HR = user('sun', 'hr', 'p06');

/** A migrated in-memory warehouse with the people table filled. */
export async function openWorkflowDb(): Promise<Engine> {
  const engine = await DuckDbEngine.open(':memory:');
  await migrate(engine);
  await engine.append(
    'people',
    ['row_key', 'person_id', 'name', 'department', 'team', 'manager_id', 'role'],
    PEOPLE.map((p) => [p.person_id, p.person_id, p.name, p.department, p.team, p.manager_id, p.role]),
  );
  return engine;
}

/** Paid orders (yuan as decimal strings) owned by a person, at a UTC instant inside 2026-Q1. */
export async function addOrders(
  engine: Engine,
  owner: string,
  amounts: string[],
  at = '2026-02-10T04:00:00Z',
): Promise<void> {
  const start = (await engine.query<{ n: number }>('SELECT count(*) AS n FROM orders'))[0]?.n ?? 0;
  await engine.append(
    'orders',
    ['row_key', 'order_id', 'customer_id', 'ordered_at', 'amount', 'currency', 'status', 'owner_id'],
    amounts.map((a, i) => [`o${start + i}`, `o${start + i}`, `c${start + i}`, at, a, 'CNY', 'paid', owner]),
  );
}

/** `n` leads created in 2026-Q1 owned by a person. */
export async function addLeads(engine: Engine, owner: string, n: number): Promise<void> {
  const start = (await engine.query<{ n: number }>('SELECT count(*) AS n FROM leads'))[0]?.n ?? 0;
  await engine.append(
    'leads',
    ['row_key', 'lead_id', 'created_at', 'owner_id'],
    Array.from({ length: n }, (_, i) => [`l${start + i}`, `l${start + i}`, '2026-01-15T02:00:00Z', owner]),
  );
}

/** Items used by the test scorecards: revenue 50 + leads 30 quantitative, 360° 8 + self-report 4 + manager 8. */
export const TEST_ITEMS = [
  {
    id: 'revenue',
    kpi: 'online_revenue',
    kind: 'quantitative',
    weight: 50,
    rule: { type: 'linear', floor: 60, cap: 120 },
    target: { value: 100000, baseline: 80000, data_source: 'orders', deadline: '2026-03-31', owner: 'p01' },
  },
  {
    id: 'leads',
    kpi: 'leads',
    kind: 'quantitative',
    weight: 30,
    rule: { type: 'linear', floor: 60, cap: 120 },
    target: { value: 50, baseline: 40, data_source: 'leads', deadline: '2026-03-31', owner: 'p01' },
  },
  { id: 'feedback_360', kpi: 'feedback_360', kind: 'qualitative', source: 'feedback_360', weight: 8 },
  { id: 'self_report', kpi: 'self_report', kind: 'qualitative', source: 'self_report', weight: 4 },
  { id: 'manager', kpi: 'manager', kind: 'qualitative', source: 'manager', weight: 8 },
];
