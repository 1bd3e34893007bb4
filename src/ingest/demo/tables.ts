import { DEMO_UTC_OFFSET, type DemoDay, dayString } from './calendar.js';
import type { CsvWriter } from './csv-writer.js';
import { DEMO_PEOPLE, MONTHLY_REPORTERS, WEEKLY_REPORTERS } from './people.js';
import type { Rng } from './prng.js';

/** Canonical columns of the small generated tables. */
export const PEOPLE_COLUMNS = [
  'person_id',
  'name',
  'department',
  'team',
  'title',
  'email',
  'manager_id',
  'role',
] as const;
export const EXPERIMENT_COLUMNS = [
  'experiment_id',
  'variant',
  'name',
  'owner_id',
  'visitors',
  'conversions',
  'started_at',
  'ended_at',
  'is_control',
  'channel',
] as const;
export const BRAND_SEARCH_COLUMNS = ['date', 'keyword', 'source', 'volume'] as const;
export const PROJECT_COLUMNS = [
  'project_id',
  'name',
  'departments',
  'owner_id',
  'due_at',
  'completed_at',
  'status',
] as const;
export const DELIVERABLE_COLUMNS = [
  'deliverable_id',
  'owner_id',
  'kind',
  'due_at',
  'submitted_at',
  'completeness',
] as const;

const DAY = 86_400;

function ts(localSec: number): string {
  const date = dayString(Math.floor(localSec / DAY));
  const s = localSec - Math.floor(localSec / DAY) * DAY;
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(Math.floor(s % 60)).padStart(2, '0');
  return `${date}T${hh}:${mm}:${ss}${DEMO_UTC_OFFSET}`;
}

/** Writes the demo organisation. */
export function writePeople(w: CsvWriter): void {
  for (const p of DEMO_PEOPLE) w.row([p.id, p.name, p.department, p.team, p.title, p.email, p.managerId, p.role]);
}

const EXPERIMENTS = [
  { name: '首页主视觉改版', owner: 'p02', channel: '' },
  { name: '试用表单字段精简', owner: 'p05', channel: '' },
  { name: '价格页CTA文案', owner: 'p05', channel: '' },
  { name: 'SEM落地页版式', owner: 'p03', channel: '百度SEM' },
  { name: '公众号文章标题风格', owner: 'p07', channel: '微信公众号' },
  { name: '白皮书下载门槛', owner: 'p07', channel: '' },
  { name: '抖音视频封面', owner: 'p08', channel: '抖音' },
  { name: '邮件主题行个性化', owner: 'p04', channel: '邮件' },
];

/**
 * Writes A/B tests: two a month (some with three variants), sized from the site's daily sessions; about a third
 * have a real lift large enough to be significant, the rest are flat. Tests still running have no ended_at.
 */
export function writeExperiments(w: CsvWriter, rng: Rng, days: readonly DemoDay[], sessionsPerDay: number): void {
  const last = days[days.length - 1]!.day;
  let seq = 0;
  for (const day of days) {
    const dom = Number(day.date.slice(8, 10));
    if (dom !== 3 && dom !== 17) continue;
    seq++;
    const spec = EXPERIMENTS[(seq - 1) % EXPERIMENTS.length]!;
    const id = `exp-${day.date.slice(0, 7).replace('-', '')}-${dom === 3 ? 'a' : 'b'}`;
    const durationDays = rng.int(14, 28);
    const startSec = day.day * DAY + 10 * 3600;
    const endDay = day.day + durationDays;
    const ended = endDay <= last ? ts(endDay * DAY + 18 * 3600) : '';
    const variants = rng.chance(0.25) ? ['A', 'B', 'C'] : ['A', 'B'];
    // tests are sized for power: at least a few thousand visitors per variant whatever the traffic size
    const visitorsEach = Math.max(4000, Math.round((sessionsPerDay * durationDays * 0.5) / variants.length));
    const base = 0.03 + rng.next() * 0.05;
    const winner = rng.chance(0.35);
    variants.forEach((variant, i) => {
      const lift = i === 0 ? 1 : winner && i === 1 ? 1.3 + rng.next() * 0.3 : 0.96 + rng.next() * 0.08;
      const p = Math.min(0.9, base * lift);
      const visitors = Math.max(20, Math.round(visitorsEach * (0.97 + rng.next() * 0.06)));
      const sd = Math.sqrt(visitors * p * (1 - p));
      const conversions = Math.max(0, Math.min(visitors, Math.round(visitors * p + sd * rng.gauss() * 0.5)));
      w.row([id, variant, spec.name, spec.owner, visitors, conversions, ts(startSec), ended, i === 0, spec.channel]);
    });
  }
}

const BRAND_KEYWORDS = [
  { keyword: '星河智能', base: { baidu_index: 1800, wechat_index: 52_000, douyin_index: 9_000 } },
  { keyword: '星河会议屏', base: { baidu_index: 900, wechat_index: 21_000, douyin_index: 6_500 } },
];

/** Writes the daily brand-search index (百度指数, 微信指数, 抖音指数) growing ~40% over the year. */
export function writeBrandSearch(w: CsvWriter, rng: Rng, days: readonly DemoDay[]): void {
  for (const day of days) {
    for (const k of BRAND_KEYWORDS) {
      for (const [source, base] of Object.entries(k.base)) {
        const season = day.promo ? 1.35 : 1;
        const weekday = day.weekday === 0 || day.weekday === 6 ? 0.8 : 1;
        const volume = Math.round(base * (1 + 0.4 * day.progress) * season * weekday * (0.9 + rng.next() * 0.2));
        w.row([day.date, k.keyword, source, volume]);
      }
    }
  }
}

const PROJECTS = [
  ['年度客户大会', '市场部,销售部'],
  ['618大促联合作战', '市场部,销售部,电商部'],
  ['双11大促联合作战', '市场部,销售部,电商部'],
  ['官网改版', '市场部,产品部'],
  ['CRM线索打通', '市场部,销售部,IT部'],
  ['销售赋能内容库', '市场部,销售部'],
  ['渠道伙伴招募计划', '市场部,销售部'],
  ['新品发布会', '市场部,产品部'],
  ['行业白皮书联合发布', '市场部,产品部'],
  ['客户成功案例征集', '市场部,客户成功部'],
  ['线下沙龙巡回', '市场部,销售部'],
  ['品牌视觉升级', '市场部,设计部'],
] as const;

/** Writes cross-department projects: most done on time, some late, some overdue or still open. */
export function writeProjects(w: CsvWriter, rng: Rng, days: readonly DemoDay[]): void {
  const first = days[0]!.day;
  const last = days[days.length - 1]!.day;
  PROJECTS.forEach(([name, departments], i) => {
    const due = first + Math.round(((i + 1) / (PROJECTS.length + 1)) * (last - first + 60));
    const dueSec = due * DAY + 18 * 3600;
    const x = rng.next();
    let completed: number | undefined;
    if (x < 0.65) completed = dueSec - rng.int(1, 15) * DAY;
    else if (x < 0.88) completed = dueSec + rng.int(2, 20) * DAY;
    if (completed !== undefined && completed >= (last + 1) * DAY) completed = undefined;
    const status = completed !== undefined ? 'completed' : due > last ? 'in_progress' : 'delayed';
    const owner = i % 3 === 0 ? 'p01' : i % 3 === 1 ? 'p02' : 'p06';
    w.row([
      `prj-${String(i + 1).padStart(2, '0')}`,
      name,
      departments,
      owner,
      ts(dueSec),
      completed === undefined ? null : ts(completed),
      status,
    ]);
  });
}

/**
 * Writes deliverables: weekly reports (due Monday 10:00) of the marketing members, monthly reports (due the 3rd)
 * of the team leads; most on time, some late, a few missing, completeness 0.6–1.
 */
export function writeDeliverables(w: CsvWriter, rng: Rng, days: readonly DemoDay[]): void {
  const endSec = (days[days.length - 1]!.day + 1) * DAY;
  const add = (id: string, owner: string, kind: string, dueSec: number, diligence: number) => {
    if (dueSec >= endSec) return;
    const x = rng.next();
    let submitted: number | undefined;
    if (x < 0.85 * diligence) submitted = dueSec - rng.int(600, 2 * DAY);
    else if (x < 0.96) submitted = dueSec + rng.int(3600, 3 * DAY);
    if (submitted !== undefined && submitted >= endSec) submitted = undefined;
    const completeness =
      submitted === undefined ? '' : (Math.round((0.6 + 0.4 * rng.next() ** 0.5) * 100) / 100).toFixed(2);
    w.row([id, owner, kind, ts(dueSec), submitted === undefined ? null : ts(submitted), completeness]);
  };
  for (const day of days) {
    if (day.weekday === 1) {
      for (const owner of WEEKLY_REPORTERS) {
        add(`wr-${owner}-${day.date}`, owner, 'weekly_report', day.day * DAY + 10 * 3600, owner === 'p08' ? 0.8 : 1);
      }
    }
    if (day.date.endsWith('-03')) {
      for (const owner of MONTHLY_REPORTERS) {
        add(`mr-${owner}-${day.date.slice(0, 7)}`, owner, 'monthly_report', day.day * DAY + 18 * 3600, 1);
      }
    }
  }
}
