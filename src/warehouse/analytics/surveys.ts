import type { Engine } from '../engine.js';
import { utcTimestamp } from './params.js';

/** One survey answer: NPS score, rating and the dimensions it can be cut by. */
export interface SurveyAnswer {
  nps: number | null;
  rating: number | null;
  channel: string | null;
  segment: string | null;
}

/** Survey answers with answered_at in [start, end). */
export async function loadSurveyAnswers(engine: Engine, q: { start: Date; end: Date }): Promise<SurveyAnswer[]> {
  const p = (i: number) => engine.dialect.param(i);
  const rows = await engine.query(
    `SELECT nps, rating, coalesce(channel, channel_group) AS channel, segment FROM surveys
     WHERE answered_at >= CAST(${p(1)} AS TIMESTAMP) AND answered_at < CAST(${p(2)} AS TIMESTAMP)`,
    [utcTimestamp(q.start), utcTimestamp(q.end)],
  );
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return rows.map((r) => ({
    nps: num(r.nps),
    rating: num(r.rating),
    channel: str(r.channel),
    segment: str(r.segment),
  }));
}
