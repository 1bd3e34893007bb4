import { renderTable } from '../../cli/output.js';
import { withWarehouse } from '../../cli/warehouse.js';
import { config } from '../../config.js';
import { UserError } from '../../core/errors.js';
import type { Engine } from '../../warehouse/engine.js';
import { findPeriod } from '../periods/periods.js';
import { evaluateScorecard, type ScorecardView } from './evaluate.js';
import { findSubjectScorecard, scorecardsOfPeriod } from './store.js';

/** The database form of `yardstick score`: the stored scorecards of a period scored from the warehouse. */
export async function scoreFromDatabase(
  values: {
    db?: string | undefined;
    period?: string | undefined;
    person?: string | undefined;
    team?: string | undefined;
  },
  format: 'table' | 'json' | 'csv',
  io: { out(text: string): void },
): Promise<number> {
  if (!values.period) throw new UserError('bad_option', '--period is required with --db (e.g. 2026-Q4)');
  if (values.person && values.team) throw new UserError('bad_option', 'give either --person or --team, not both');
  const views = await withWarehouse(values.db ?? config().dbPath, (engine) =>
    scorePeriod(engine, values.period as string, values),
  );
  if (format === 'json') {
    io.out(JSON.stringify(values.person || values.team ? views[0] : views, null, 2));
    return 0;
  }
  for (const view of views) {
    io.out(
      `${view.person_name ?? view.subject_id} ${view.period}  total ${view.total ?? '—'}  band ${view.band ?? '—'}` +
        (view.incentive ? `  incentive ¥${view.incentive.total_yuan}` : ''),
    );
    io.out(
      renderTable(
        view.items.map((i) => ({
          item: i.id,
          指标: i.name_zh ?? i.kpi,
          weight: i.weight,
          target: i.target?.value ?? null,
          actual: i.actual,
          achievement: i.achievement,
          points: i.points,
          contribution: i.contribution,
          quality: i.quality,
        })),
      ),
    );
    for (const w of view.warnings) io.out(`! ${w.message_zh} / ${w.message_en}`);
    io.out('');
  }
  return 0;
}

async function scorePeriod(
  engine: Engine,
  period: string,
  filter: { person?: string | undefined; team?: string | undefined },
): Promise<ScorecardView[]> {
  if (!(await findPeriod(engine, period)))
    throw new UserError('not_found', `--period ${period}: no such assessment period in the database`);
  if (filter.person || filter.team) {
    const card = await findSubjectScorecard(
      engine,
      period,
      filter.person ? 'person' : 'team',
      (filter.person ?? filter.team) as string,
    );
    if (!card) {
      throw new UserError(
        'not_found',
        `${filter.person ? `--person ${filter.person}` : `--team ${filter.team}`}: no scorecard in ${period}`,
      );
    }
    return [await evaluateScorecard(engine, card)];
  }
  const views: ScorecardView[] = [];
  for (const card of await scorecardsOfPeriod(engine, period)) views.push(await evaluateScorecard(engine, card));
  return views;
}
