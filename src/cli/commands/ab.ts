import { parseArgs } from 'node:util';
import { analyseExperiments, type ExperimentComparison } from '../../app/analytics.js';
import { config } from '../../config.js';
import { UserError } from '../../core/errors.js';
import { type AbTestResult, analyseAbTest, type Interval, parseArm } from '../../core/stats/index.js';
import { displayWidth, parseFormat, renderCsv } from '../output.js';
import type { Command } from '../run.js';
import { withWarehouse } from '../warehouse.js';

const HELP = `usage:
  yardstick ab --control X/N --variant X/N [--alpha 0.05] [--power 0.8] [--format table|json]
  yardstick ab [--db PATH] --period P [--alpha 0.05] [--format table|json|csv]
X/N = conversions/visitors. Prints the pooled two-proportion z-test (z = (p_control − p_variant)/SE), chi-square,
absolute and relative lift with confidence intervals, P(variant beats control), MDE, verdict and warnings.`;

function probability(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(n > 0 && n < 1)) throw new UserError('bad_option', `${flag} must be between 0 and 1, got "${value}"`);
  return n;
}

const fmt = (x: number | null, digits = 6) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(2)}%`);
const interval = (i: Interval) => `[${pct(i.low)}, ${pct(i.high)}] (${Math.round(i.level * 100)}%)`;

/** JSON shape of one analysis: the full result plus a `lift` summary. */
function toJson(r: AbTestResult) {
  return {
    ...r,
    lift: {
      absolute: r.absoluteLift,
      absoluteInterval: r.absoluteInterval,
      relative: r.relativeLift,
      relativeInterval: r.relativeInterval,
    },
  };
}

function describe(r: AbTestResult, zh: boolean): string {
  const rows: [string, string][] = [
    [zh ? '对照' : 'control', `${r.control.conversions}/${r.control.visitors} = ${pct(r.control.rate)}`],
    [zh ? '变体' : 'variant', `${r.variant.conversions}/${r.variant.visitors} = ${pct(r.variant.rate)}`],
    ['z', String(fmt(r.z, 5))],
    ['p', String(fmt(r.p, 6))],
    ['chi2', `${fmt(r.chi2, 5)} (p = ${fmt(r.chi2P, 6)})`],
    [zh ? '绝对提升' : 'absolute lift', `${pct(r.absoluteLift)} ${interval(r.absoluteInterval)}`],
    [zh ? '相对提升' : 'relative lift', `${pct(r.relativeLift)} ${interval(r.relativeInterval)}`],
    [zh ? '变体胜出概率' : 'P(variant beats control)', pct(r.probabilityToBeatControl)],
    [zh ? '最小可检测效应' : 'minimum detectable effect', pct(r.minimumDetectableEffect)],
    [zh ? '所需样本/组' : 'needed per arm', r.requiredPerArm === null ? '—' : String(r.requiredPerArm)],
    [zh ? '结论' : 'verdict', zh ? r.verdict.zh : r.verdict.en],
    ...r.warnings.map((w): [string, string] => [zh ? '警告' : 'warning', zh ? w.zh : w.en]),
  ];
  const width = Math.max(...rows.map(([k]) => displayWidth(k)));
  return rows.map(([k, v]) => `${k}${' '.repeat(width - displayWidth(k))}  ${v}`).join('\n');
}

/** `yardstick ab` — A/B test statistics for two arms or for the warehouse's experiments. */
export const command: Command = {
  summary: 'A/B test statistics: z-test, chi-square, lift intervals, power, Bayesian P(beat control)',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        control: { type: 'string' },
        variant: { type: 'string' },
        alpha: { type: 'string' },
        power: { type: 'string' },
        db: { type: 'string' },
        period: { type: 'string' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    const format = parseFormat(values.format);
    const alpha = probability(values.alpha, '--alpha', 0.05);
    const power = probability(values.power, '--power', 0.8);
    const zh = config().lang === 'zh-CN';
    if (values.control || values.variant) {
      if (!values.control || !values.variant)
        throw new UserError('bad_option', 'give both --control X/N and --variant X/N');
      const result = analyseAbTest(parseArm(values.control, '--control'), parseArm(values.variant, '--variant'), {
        alpha,
        power,
      });
      if (format === 'json') io.out(JSON.stringify(toJson(result), null, 2));
      else if (format === 'csv') io.out(renderCsv([flat(result)]));
      else io.out(describe(result, zh));
      return 0;
    }
    if (!values.period) throw new UserError('bad_option', 'give --control and --variant, or --period P (see --help)');
    const period = values.period;
    const list = await withWarehouse(values.db ?? config().dbPath, (engine) =>
      analyseExperiments(engine, { period, alpha }),
    );
    if (format === 'json') {
      io.out(
        JSON.stringify(
          list.map((c) => ({ ...c, result: toJson(c.result) })),
          null,
          2,
        ),
      );
    } else if (format === 'csv') {
      io.out(
        renderCsv(
          list.map((c) => ({
            experiment: c.experimentId,
            name: c.name,
            control: c.control,
            variant: c.variant,
            ...flat(c.result),
          })),
        ),
      );
    } else if (list.length === 0) {
      io.out(zh ? `${period} 没有试验数据` : `no experiments in ${period}`);
    } else {
      io.out(list.map((c) => `${heading(c)}\n${describe(c.result, zh)}`).join('\n\n'));
    }
    return 0;
  },
};

function heading(c: ExperimentComparison): string {
  return `# ${c.experimentId}${c.name ? ` ${c.name}` : ''}: ${c.variant} vs ${c.control}${c.ongoing ? ' (ongoing)' : ''}`;
}

function flat(r: AbTestResult): Record<string, unknown> {
  return {
    control_conversions: r.control.conversions,
    control_visitors: r.control.visitors,
    variant_conversions: r.variant.conversions,
    variant_visitors: r.variant.visitors,
    z: r.z,
    p: r.p,
    chi2: r.chi2,
    absolute_lift: r.absoluteLift,
    absolute_low: r.absoluteInterval.low,
    absolute_high: r.absoluteInterval.high,
    relative_lift: r.relativeLift,
    relative_low: r.relativeInterval.low,
    relative_high: r.relativeInterval.high,
    probability_to_beat_control: r.probabilityToBeatControl,
    verdict: r.verdict.code,
    warnings: r.warnings.map((w) => w.code).join(' '),
  };
}
