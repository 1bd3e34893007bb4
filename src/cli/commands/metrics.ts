import { parseArgs } from 'node:util';
import { kpiCatalog } from '../../app/kpi-config.js';
import {
  computeMetrics,
  METRIC_ATTRIBUTION_MODELS,
  type MetricDimension,
  type MetricRequest,
  metricAttributionModel,
} from '../../app/metrics.js';
import { config } from '../../config.js';
import { UserError } from '../../core/errors.js';
import { DIMENSION_IDS, findKpi, suggestKpis } from '../../core/kpi/index.js';
import { parsePeriod } from '../../core/periods/index.js';
import { parseFormat, renderCsv, renderTable } from '../output.js';
import type { Command } from '../run.js';
import { withWarehouse } from '../warehouse.js';

const split = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Checks --period (naming the flag and value on error). */
export function periodFlag(value: string | undefined): string {
  if (!value) throw new UserError('bad_option', '--period is required (e.g. 2026-Q1, 2026-03, 2026-W14, 2026)');
  try {
    parsePeriod(value, config().timeZone);
  } catch (error) {
    throw new UserError('bad_option', `--period: ${(error as Error).message}`);
  }
  return value;
}

/** Parses --kpi a,b (known KPI ids). */
export function kpiFlag(value: string | undefined): string[] | undefined {
  const ids = split(value);
  const catalog = kpiCatalog();
  for (const id of ids) {
    if (findKpi(id, catalog)) continue;
    const like = suggestKpis(id, catalog);
    const hint = like.length
      ? ` (did you mean ${like.map((k) => `${k.id}: ${k.name_zh} / ${k.name_en}`).join(', ')}?)`
      : ` (known: ${catalog.map((k) => k.id).join(', ')})`;
    throw new UserError('bad_option', `--kpi: unknown KPI "${id}"${hint}`);
  }
  return ids.length ? ids : undefined;
}

function dimension(flag: string, d: string): MetricDimension {
  if (!(DIMENSION_IDS as readonly string[]).includes(d)) {
    throw new UserError('bad_option', `${flag}: unknown dimension "${d}" (known: ${DIMENSION_IDS.join(', ')})`);
  }
  return d as MetricDimension;
}

/** Parses --by dim,dim. */
export function byFlag(value: string | undefined): MetricDimension[] {
  return split(value).map((d) => dimension('--by', d));
}

/** Parses --scope k=v,... (also k:v). */
export function scopeFlag(value: string | undefined): MetricRequest['scope'] {
  const scope: Partial<Record<MetricDimension, string>> = {};
  for (const pair of split(value)) {
    const m = /^([a-z_]+)\s*[=:]\s*(.+)$/.exec(pair);
    if (!m) throw new UserError('bad_option', `--scope: expected dimension=value, got "${pair}"`);
    scope[dimension('--scope', m[1]!)] = m[2]!.trim();
  }
  return scope;
}

/** Checks --version DATE. */
export function versionFlag(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new UserError('bad_option', `--version: expected a date YYYY-MM-DD, got "${value}"`);
  }
  return value;
}

/** Checks --attribution MODEL (order_channel or a multi-touch model; aliases such as linear_touch accepted). */
export function attributionFlag(value: string | undefined): string | undefined {
  return value === undefined ? undefined : metricAttributionModel(value, '--attribution');
}

const HELP = `usage: yardstick metrics --period P [--db PATH] [--kpi a,b] [--by dim,dim] [--scope k=v,...] [--version DATE] [--attribution MODEL] [--format table|json|csv]
  period: 2026, 2026-Q1, 2026-03, 2026-W14 or 2026-01-01..2026-03-31 (time zone YARDSTICK_TZ)
  dimensions: ${DIMENSION_IDS.join(', ')}
  attribution (revenue behind roi, roas, channel_roi): ${METRIC_ATTRIBUTION_MODELS.join(', ')}
    default: the KPI version's measure_options.attribution_model, else order_channel (the order's own channel)
  without --kpi: every KPI`;

/** `yardstick metrics` — KPI values by period and scope. */
export const command: Command = {
  summary: 'compute KPIs for a period (by channel/owner/…, scoped, versioned)',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        db: { type: 'string' },
        period: { type: 'string' },
        kpi: { type: 'string' },
        by: { type: 'string' },
        scope: { type: 'string' },
        version: { type: 'string' },
        attribution: { type: 'string' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    const format = parseFormat(values.format);
    const version = versionFlag(values.version);
    const kpis = kpiFlag(values.kpi);
    const attribution = attributionFlag(values.attribution);
    const request: MetricRequest = {
      period: periodFlag(values.period),
      by: byFlag(values.by),
      scope: scopeFlag(values.scope),
      ...(kpis ? { kpis } : {}),
      ...(version ? { version } : {}),
      ...(attribution ? { attribution } : {}),
    };
    return withWarehouse(values.db ?? config().dbPath, async (engine) => {
      const cells = await computeMetrics(engine, request);
      if (format === 'json') io.out(JSON.stringify(cells, null, 2));
      else {
        const columns = [
          'kpi',
          'period',
          ...(request.by ?? []),
          'value',
          'unit',
          'quality',
          'previous',
          'growth',
          'version',
          ...(cells.some((c) => c.attribution_model) ? ['attribution_model'] : []),
          'reason',
        ];
        io.out(format === 'csv' ? renderCsv(cells, columns) : renderTable(cells, columns));
      }
      return 0;
    });
  },
};
