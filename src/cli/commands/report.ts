import { parseArgs } from 'node:util';
import { buildReport, type PerformanceReport, reportMarkdown, reportPeriod } from '../../app/reports/index.js';
import { config } from '../../config.js';
import { UserError } from '../../core/errors.js';
import { renderCsv, renderTable } from '../output.js';
import type { Command } from '../run.js';
import { withWarehouse } from '../warehouse.js';

const HELP = `usage: yardstick report --period 2026-W14|2026-03 [--kind weekly|monthly] [--db PATH] [--format table|json|csv|md]

Weekly or monthly report: core KPIs with the previous period, each person's standing in the quarter's scorecard
(total, band, items behind pace) and open improvement-plan items.`;

function kpiRows(r: PerformanceReport) {
  return r.kpis.map((k) => ({
    kpi: k.kpi,
    指标: k.name_zh,
    value: k.value,
    previous: k.previous,
    growth: k.growth,
    quality: k.quality,
  }));
}

/** \`yardstick report\`: weekly/monthly performance report. */
export const command: Command = {
  summary: '周报/月报 / weekly or monthly performance report',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        db: { type: 'string' },
        period: { type: 'string' },
        kind: { type: 'string' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    if (!values.period) throw new UserError('bad_option', '--period is required (e.g. 2026-W14 or 2026-03)');
    if (values.kind !== undefined && values.kind !== 'weekly' && values.kind !== 'monthly') {
      throw new UserError('bad_option', `--kind must be weekly or monthly, not "${values.kind}"`);
    }
    const format = values.format ?? 'table';
    if (!['table', 'json', 'csv', 'md'].includes(format))
      throw new UserError('bad_option', '--format must be one of table, json, csv, md');
    reportPeriod(values.period, values.kind); // bad --period/--kind fail before the database is opened
    const report = await withWarehouse(values.db ?? config().dbPath, (engine) =>
      buildReport(engine, { period: values.period as string, kind: values.kind }),
    );
    if (format === 'json') io.out(JSON.stringify(report, null, 2));
    else if (format === 'md') io.out(reportMarkdown(report));
    else if (format === 'csv') io.out(renderCsv(kpiRows(report)));
    else {
      io.out(`${report.kind === 'weekly' ? '周报' : '月报'} ${report.period}（考核期 ${report.assessment_period}）\n`);
      io.out(renderTable(kpiRows(report)));
      io.out('');
      io.out(
        renderTable(
          report.people.map((p) => ({
            person: p.person_id,
            姓名: p.name,
            团队: p.team,
            total: p.total,
            band: p.band,
            behind: p.behind.join('、'),
          })),
        ),
      );
      if (report.open_plan_items.length) {
        io.out('');
        io.out(
          renderTable(
            report.open_plan_items.map((p) => ({
              person: p.person_id,
              action: p.action,
              due: p.due_date,
              status: p.status,
            })),
          ),
        );
      }
    }
    return 0;
  },
};
