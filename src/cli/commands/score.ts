import { parseArgs } from 'node:util';
import { kpiCatalog, readConfigFile } from '../../app/kpi-config.js';
import { config } from '../../config.js';
import { UserError, ValidationError } from '../../core/errors.js';
import { findKpi, type KpiDefinition } from '../../core/kpi/index.js';
import {
  type BonusItem,
  itemKey,
  parseScorecard,
  type Scorecard,
  type ScoreResult,
  scoreScorecard,
  validateScorecard,
} from '../../core/scoring/index.js';
import { scorecardFromTemplate, type TemplateTargets } from '../../core/templates/index.js';
import { type OutputFormat, parseFormat, renderTable } from '../output.js';
import type { CliIo, Command } from '../run.js';

const HELP = `usage:
  yardstick score --scorecard card.yaml --actuals actuals.json [--qualitative q.json] [--bonus bonus.json] [--format table|json]
  yardstick score --template <id> --targets targets.json --actuals actuals.json [--qualitative q.json] [--format table|json]

actuals.json / targets.json map KPI ids (or item ids) to numbers, e.g. {"mql_count": 190, "close_rate": 0.225};
q.json maps qualitative item ids to 1–5 scores; bonus.json is a list of {reason, points, approver}.
The scorecard format is described in docs/scorecard-format.md.`;

const OPTIONS = {
  scorecard: { type: 'string' },
  template: { type: 'string' },
  targets: { type: 'string' },
  actuals: { type: 'string' },
  qualitative: { type: 'string' },
  bonus: { type: 'string' },
  format: { type: 'string' },
  db: { type: 'string' },
  period: { type: 'string' },
  person: { type: 'string' },
  team: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type ScoreCliValues = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

/** `yardstick score`: scores a scorecard file or a template with targets against actuals. */
export const command: Command = {
  summary: '按记分卡计算得分 / score a scorecard against actuals',
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    const format = parseFormat(values.format, ['table', 'json']);
    if (
      values.db !== undefined ||
      values.period !== undefined ||
      values.person !== undefined ||
      values.team !== undefined
    ) {
      return scoreFromDatabase(values, format, io);
    }
    return scoreFromFiles(values, format, io);
  },
};

/**
 * The database form (`--db --period [--person|--team]`): stored scorecards scored with actuals from the metric
 * engine, owned by the workflow module (src/app/scorecards/score-cli.ts). Loaded lazily so the file form never
 * opens the warehouse.
 */
export async function scoreFromDatabase(values: ScoreCliValues, format: OutputFormat, io: CliIo): Promise<number> {
  if (values.scorecard || values.template || values.actuals) {
    throw new UserError(
      'bad_option',
      '--db/--period score stored scorecards; do not combine them with --scorecard, --template or --actuals',
    );
  }
  const { scoreFromDatabase: fromWarehouse } = await import('../../app/scorecards/score-cli.js');
  return fromWarehouse(values, format, io);
}

/** The file form: scorecard YAML (or template + targets) scored against actuals JSON without a database. */
export async function scoreFromFiles(values: ScoreCliValues, format: OutputFormat, io: CliIo): Promise<number> {
  if (values.scorecard && values.template)
    throw new UserError('bad_option', 'give either --scorecard or --template, not both');
  if (!values.scorecard && !values.template)
    throw new UserError('bad_option', '--scorecard FILE or --template ID is required');
  if (!values.actuals) throw new UserError('bad_option', '--actuals FILE is required');
  if (values.targets && !values.template) throw new UserError('bad_option', '--targets goes with --template');
  const catalog = kpiCatalog();

  let card: Scorecard;
  if (values.scorecard) {
    card = parseScorecard(readConfigFile(values.scorecard), values.scorecard);
  } else {
    if (!values.targets) throw new UserError('bad_option', '--template needs --targets FILE');
    const targets = readNumberMap(values.targets, { allowObjects: true }) as TemplateTargets;
    card = scorecardFromTemplate(values.template as string, targets, {}, values.targets);
  }
  validateScorecard(card, catalog, values.scorecard ?? `template "${values.template}"`);

  const actuals = readNumberMap(values.actuals) as Record<string, number | null>;
  checkActualKeys(card, actuals, catalog, values.actuals);
  const qualitative = values.qualitative ? readQualitative(card, values.qualitative) : undefined;
  const bonusItems = values.bonus ? readBonus(values.bonus) : undefined;

  const result = scoreScorecard(
    card,
    { actuals, ...(qualitative ? { qualitative } : {}), ...(bonusItems ? { bonusItems } : {}) },
    { catalog },
  );
  io.out(format === 'json' ? JSON.stringify(result, null, 2) : renderScore(card, result, config().lang));
  return 0;
}

function readObject(file: string): Record<string, unknown> {
  const raw = readConfigFile(file);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ValidationError(`${file}: must be an object mapping ids to numbers`, [{ file }]);
  }
  return raw as Record<string, unknown>;
}

/** Reads `{ id: number|null }` (targets may also be SMART records `{ value, data_source, deadline, ... }`). */
function readNumberMap(file: string, opts: { allowObjects?: boolean } = {}): Record<string, unknown> {
  const map = readObject(file);
  for (const [key, value] of Object.entries(map)) {
    const ok =
      value === null ||
      (typeof value === 'number' && Number.isFinite(value)) ||
      (opts.allowObjects === true && typeof value === 'object' && !Array.isArray(value));
    if (!ok) {
      throw new ValidationError(`${file}, field ${key}: must be a number or null (got ${JSON.stringify(value)})`, [
        { file, field: key },
      ]);
    }
  }
  return map;
}

function checkActualKeys(
  card: Scorecard,
  actuals: Record<string, unknown>,
  catalog: readonly KpiDefinition[],
  file: string,
): void {
  const keys = new Set(card.items.flatMap((item, i) => [itemKey(item, i), ...(item.kpi ? [item.kpi] : [])]));
  for (const key of Object.keys(actuals)) {
    if (!keys.has(key) && !findKpi(key, catalog)) {
      throw new ValidationError(`${file}, field ${key}: unknown KPI "${key}"`, [{ file, field: key }]);
    }
  }
}

function readQualitative(card: Scorecard, file: string): Record<string, number> {
  const map = readNumberMap(file);
  const keys = card.items.map((item, i) => (item.kind === 'qualitative' ? itemKey(item, i) : null)).filter(Boolean);
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(map)) {
    if (!keys.includes(key)) {
      throw new ValidationError(`${file}, field ${key}: not a qualitative item (items: ${keys.join(', ') || 'none'})`, [
        { file, field: key },
      ]);
    }
    if (value === null) continue;
    if (typeof value !== 'number' || value < 1 || value > 5) {
      throw new ValidationError(`${file}, field ${key}: must be a score from 1 to 5`, [{ file, field: key }]);
    }
    out[key] = value;
  }
  return out;
}

function readBonus(file: string): BonusItem[] {
  const raw = readConfigFile(file);
  if (!Array.isArray(raw))
    throw new ValidationError(`${file}: must be a list of {reason, points, approver}`, [{ file }]);
  return raw.map((b, i) => {
    const item = b as Partial<BonusItem>;
    if (typeof item?.reason !== 'string' || !item.reason) {
      throw new ValidationError(`${file}, field [${i}].reason: required`, [{ file, field: `[${i}].reason` }]);
    }
    if (typeof item.points !== 'number' || !(item.points >= 0)) {
      throw new ValidationError(`${file}, field [${i}].points: must be a number ≥ 0`, [
        { file, field: `[${i}].points` },
      ]);
    }
    return {
      reason: item.reason,
      points: item.points,
      approver: typeof item.approver === 'string' ? item.approver : null,
    };
  });
}

const HEAD = {
  'zh-CN': ['项目', '名称', '权重', '目标', '实际', '达成率%', '规则', '得分', '贡献'],
  en: ['item', 'name', 'weight', 'target', 'actual', 'achieved %', 'rule', 'points', 'contribution'],
} as const;

/** Renders a score as an aligned table with a summary and the warnings, in the configured language. */
export function renderScore(card: Scorecard, result: ScoreResult, lang: 'zh-CN' | 'en'): string {
  const zh = lang === 'zh-CN';
  const h = HEAD[lang];
  const rows = result.items.map((i) => ({
    [h[0]]: i.id,
    [h[1]]: zh ? i.name_zh : i.name_en,
    [h[2]]: i.weight,
    [h[3]]: i.target,
    [h[4]]: i.actual,
    [h[5]]: i.achievement,
    [h[6]]: i.rule,
    [h[7]]: i.points,
    [h[8]]: i.contribution,
  }));
  const title = (zh ? card.name_zh : card.name_en) ?? card.name_zh ?? card.name_en;
  const fmt = (v: number | null) => (v === null ? '—' : String(v));
  const summary = zh
    ? `总分 ${result.total}  评级 ${result.band}  定量 ${fmt(result.quantitative)}  定性 ${fmt(result.qualitative)}  加分 ${result.bonus}`
    : `total ${result.total}  band ${result.band}  quantitative ${fmt(result.quantitative)}  qualitative ${fmt(result.qualitative)}  bonus ${result.bonus}`;
  const coverage = Math.round(result.coverage * 1000) / 10;
  const partial = result.complete ? '' : zh ? `  （已计分权重 ${coverage}%）` : `  (scored weight ${coverage}%)`;
  const lines = [...(title ? [title, ''] : []), renderTable(rows, [...h]), '', summary + partial];
  if (result.incentive) {
    const inc = result.incentive;
    lines.push(
      zh
        ? `奖金 ${inc.total_yuan} 元（系数 ${inc.coefficient}）`
        : `incentive ${inc.total_yuan} (coefficient ${inc.coefficient})`,
    );
  }
  for (const r of result.recommendations) lines.push(`→ ${zh ? r.message_zh : r.message_en}`);
  if (result.warnings.length > 0) {
    lines.push('', zh ? '提示：' : 'warnings:');
    for (const w of result.warnings) lines.push(`  ! ${zh ? w.message_zh : w.message_en}`);
  }
  return lines.join('\n');
}
