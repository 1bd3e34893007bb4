import type { Engine } from '../engine.js';
import { epochMs, utcTimestamp } from './params.js';

/** One variant of an experiment, summed over its rows. */
export interface ExperimentArmRow {
  experimentId: string;
  name: string | null;
  variant: string;
  isControl: boolean | null;
  visitors: number;
  conversions: number;
  startedAt: number | null;
  /** Null while any row of the variant has no end date. */
  endedAt: number | null;
}

/** Variants of the experiments that ran during [start, end) (started before end, not ended before start). */
export async function loadExperimentArms(engine: Engine, q: { start: Date; end: Date }): Promise<ExperimentArmRow[]> {
  const p = (i: number) => engine.dialect.param(i);
  const rows = await engine.query(
    `SELECT experiment_id, max(name) AS name, variant,
       max(CASE WHEN is_control THEN 1 WHEN is_control = false THEN 0 END) AS is_control,
       sum(visitors) AS visitors, sum(conversions) AS conversions, min(started_at) AS started_at,
       CASE WHEN count(ended_at) = count(*) THEN max(ended_at) END AS ended_at
     FROM experiments
     WHERE (started_at IS NULL OR started_at < CAST(${p(2)} AS TIMESTAMP))
       AND (ended_at IS NULL OR ended_at >= CAST(${p(1)} AS TIMESTAMP))
     GROUP BY experiment_id, variant
     ORDER BY experiment_id, variant`,
    [utcTimestamp(q.start), utcTimestamp(q.end)],
  );
  return rows.map((r) => ({
    experimentId: String(r.experiment_id),
    name: r.name === null || r.name === undefined ? null : String(r.name),
    variant: String(r.variant),
    isControl: r.is_control === null || r.is_control === undefined ? null : Number(r.is_control) === 1,
    visitors: Number(r.visitors),
    conversions: Number(r.conversions),
    startedAt: epochMs(r.started_at),
    endedAt: epochMs(r.ended_at),
  }));
}
