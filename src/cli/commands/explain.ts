import { parseArgs } from 'node:util';
import { explainMetric } from '../../app/metrics.js';
import { config } from '../../config.js';
import { UserError } from '../../core/errors.js';
import { formatCell, parseFormat, renderTable } from '../output.js';
import type { Command } from '../run.js';
import { withWarehouse } from '../warehouse.js';
import { attributionFlag, kpiFlag, periodFlag, scopeFlag, versionFlag } from './metrics.js';

const HELP = `usage: yardstick explain --period P --kpi ID [--db PATH] [--scope k=v,...] [--version DATE] [--attribution MODEL] [--format table|json]
  shows the definition version, formula, compiled SQL, base-measure values and up to 20 source row ids each`;

/** `yardstick explain` — lineage of one KPI value. */
export const command: Command = {
  summary: 'explain a KPI value: version, formula, SQL, measures and source rows',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        db: { type: 'string' },
        period: { type: 'string' },
        kpi: { type: 'string' },
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
    const format = parseFormat(values.format, ['table', 'json']);
    const kpis = kpiFlag(values.kpi);
    if (kpis?.length !== 1) throw new UserError('bad_option', '--kpi: give exactly one KPI id');
    const version = versionFlag(values.version);
    const period = periodFlag(values.period);
    const scope = scopeFlag(values.scope);
    const attribution = attributionFlag(values.attribution);
    return withWarehouse(values.db ?? config().dbPath, async (engine) => {
      const lineage = await explainMetric(engine, {
        kpi: kpis[0]!,
        period,
        ...(scope && Object.keys(scope).length ? { scope } : {}),
        ...(version ? { version } : {}),
        ...(attribution ? { attribution } : {}),
      });
      if (format === 'json') {
        io.out(JSON.stringify(lineage, null, 2));
        return 0;
      }
      const lines = [
        `${lineage.kpi} ${lineage.name_zh} / ${lineage.name_en} — ${lineage.period}`,
        `value: ${formatCell(lineage.value)} ${lineage.unit}  quality: ${lineage.quality}${lineage.reason ? ` (${lineage.reason})` : ''}`,
        `previous: ${formatCell(lineage.previous)}  growth: ${formatCell(lineage.growth)}`,
        `version: ${lineage.version} (effective from ${lineage.effective_from})`,
        `formula: ${lineage.formula}`,
        ...(lineage.attribution_model ? [`attribution: ${lineage.attribution_model}`] : []),
        '',
        renderTable(
          Object.entries(lineage.measures).map(([name, m]) => ({
            measure: name,
            value: m.value,
            table: m.table,
            source: m.source,
            rows: m.source_row_ids.join(' '),
          })),
        ),
        '',
        ...lineage.sql.flatMap((sql, i) => [
          `-- query ${i + 1}; params: ${JSON.stringify(lineage.params[i])}`,
          sql,
          '',
        ]),
      ];
      io.out(lines.join('\n'));
      return 0;
    });
  },
};
