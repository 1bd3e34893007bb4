import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type AttributionRun, attributionFromPaths, attributionFromWarehouse } from '../../app/analytics.js';
import { config } from '../../config.js';
import { ATTRIBUTION_MODELS, type AttributionModel, parseAttributionModel } from '../../core/attribution/index.js';
import { UserError } from '../../core/errors.js';
import type { ConversionKind } from '../../warehouse/analytics/index.js';
import { parseFormat, renderCsv, renderTable } from '../output.js';
import type { Command } from '../run.js';
import { withWarehouse } from '../warehouse.js';

const HELP = `usage:
  yardstick attribution --paths FILE [--model M|all] [--half-life DAYS] [--order K] [--format table|json|csv]
  yardstick attribution [--db PATH] --period P [--model M|all] [--by channel|campaign] [--lookback DAYS]
                        [--conversion all|orders|leads] [--half-life DAYS] [--order K] [--format table|json|csv]
models: ${ATTRIBUTION_MODELS.join(', ')} (default all). --order: Markov memory (default 1).
time_decay: weight 2^(−days/half-life), default half-life 7 days (paths data: one touch per day).
w_shaped: 30/30/30 to first, lead-creation and opportunity touches, 10 spread over the rest.
shapley: exact, conversion-rate game on path sets, at most 15 channels.
--paths reads ChannelAttribution path data: header path;total_conversions;total_conversion_value;total_null,
touches separated by " > ". JSON: [{"channel","conversions","value"}] for one model, {"<model>": [...]} for all.`;

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

function positive(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new UserError('bad_option', `${flag} must be a positive number, got "${value}"`);
  return n;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UserError('bad_option', `${flag} must be one of ${allowed.join(', ')}, got "${value}"`);
  }
  return value as T;
}

/** `yardstick attribution` — multi-touch attribution from path data or the warehouse. */
export const command: Command = {
  summary: 'multi-touch attribution (first/last touch, linear, time decay, position, W, Markov, Shapley)',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        paths: { type: 'string' },
        db: { type: 'string' },
        period: { type: 'string' },
        model: { type: 'string' },
        by: { type: 'string' },
        lookback: { type: 'string' },
        conversion: { type: 'string' },
        'half-life': { type: 'string' },
        order: { type: 'string' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    const format = parseFormat(values.format);
    const all = values.model === undefined || values.model === 'all';
    const models: AttributionModel[] = all ? [...ATTRIBUTION_MODELS] : [parseAttributionModel(values.model!)];
    const halfLifeDays = positive(values['half-life'], '--half-life');
    const order = positive(values.order, '--order');
    if (order !== undefined && (!Number.isInteger(order) || order > 4)) {
      throw new UserError('bad_option', `--order must be a whole number from 1 to 4, got "${values.order}"`);
    }
    const common = {
      ...(halfLifeDays === undefined ? {} : { halfLifeDays }),
      ...(order === undefined ? {} : { markovOrder: order }),
    };
    let run: AttributionRun;
    if (values.paths) {
      if (values.period || values.db)
        throw new UserError('bad_option', 'use either --paths or --db/--period, not both');
      let text: string;
      try {
        text = readFileSync(values.paths, 'utf8');
      } catch (error) {
        throw new UserError(
          'file_not_found',
          `cannot read ${values.paths}: ${(error as NodeJS.ErrnoException).code ?? error}`,
        );
      }
      run = attributionFromPaths(text, { models, file: values.paths, ...common });
    } else {
      if (!values.period) throw new UserError('bad_option', '--period is required (or give --paths FILE); see --help');
      const by = oneOf(values.by, ['channel', 'campaign'] as const, '--by', 'channel');
      const conversion = oneOf<ConversionKind>(values.conversion, ['all', 'orders', 'leads'], '--conversion', 'all');
      const lookbackDays = positive(values.lookback, '--lookback') ?? 30;
      const period = values.period;
      run = await withWarehouse(values.db ?? config().dbPath, (engine) =>
        attributionFromWarehouse(engine, { period, models, by, conversion, lookbackDays, ...common }),
      );
    }
    for (const s of run.skipped) io.err(`yardstick attribution: ${s.model} skipped: ${s.reason}`);
    const rows = (model: string) =>
      (run.credits[model] ?? []).map((c) => ({
        channel: c.channel,
        conversions: round(c.conversions, 6),
        value: round(c.value, 2),
      }));
    if (format === 'json') {
      const out = all ? Object.fromEntries(models.map((m) => [m, run.credits[m] ? rows(m) : null])) : rows(models[0]!);
      io.out(JSON.stringify(out, null, 2));
    } else if (format === 'csv') {
      io.out(
        renderCsv(
          models.flatMap((m) => rows(m).map((r) => ({ model: m, ...r }))),
          ['model', 'channel', 'conversions', 'value'],
        ),
      );
    } else {
      const zh = config().lang === 'zh-CN';
      const blocks = models
        .filter((m) => run.credits[m])
        .map((m) => {
          const table = renderTable(
            rows(m).map((r) => (zh ? { 渠道: r.channel, 转化: r.conversions, 价值: r.value } : r)),
            zh ? ['渠道', '转化', '价值'] : ['channel', 'conversions', 'value'],
          );
          return `${zh ? '模型' : 'model'}: ${m}\n${table}`;
        });
      io.out(blocks.join('\n\n'));
    }
    return 0;
  },
};
