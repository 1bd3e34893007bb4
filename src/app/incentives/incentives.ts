import { formatFen } from '../../core/money/index.js';
import type { Engine } from '../../warehouse/engine.js';
import { type Actor, requireRole } from '../org/actor.js';
import { getPeriod } from '../periods/periods.js';
import { evaluateScorecard } from '../scorecards/evaluate.js';
import { visibleScorecards } from '../scorecards/list.js';

/** One person's incentive for a period, in integer fen. */
export interface IncentiveRow {
  person_id: string;
  person_name: string | null;
  department: string | null;
  team: string | null;
  period: string;
  scorecard_id: string;
  total: number | null;
  band: string | null;
  base_fen: number;
  coefficient: string;
  bonus_fen: number;
  commission_fen: number;
  total_fen: number;
  total_yuan: string;
  recommendations: { code: string; message_zh: string; message_en: string }[];
}

/** Incentives of the person scorecards the actor may see in a period (HR/admin: all; manager: own teams). */
export async function incentivesForPeriod(engine: Engine, actor: Actor, period: string): Promise<IncentiveRow[]> {
  requireRole(actor, ['admin', 'hr', 'manager'], 'incentives');
  await getPeriod(engine, period);
  const rows: IncentiveRow[] = [];
  for (const card of await visibleScorecards(engine, actor, { period })) {
    if (card.subject_type !== 'person') continue;
    const view = await evaluateScorecard(engine, card);
    const inc = view.incentive;
    rows.push({
      person_id: card.subject_id,
      person_name: view.person_name,
      department: view.department,
      team: view.team,
      period,
      scorecard_id: card.id,
      total: view.total,
      band: view.band,
      base_fen: inc?.base_fen ?? 0,
      coefficient: inc?.coefficient ?? '0',
      bonus_fen: inc?.bonus_fen ?? 0,
      commission_fen: inc?.commission_fen ?? 0,
      total_fen: inc?.total_fen ?? 0,
      total_yuan: inc?.total_yuan ?? '0.00',
      recommendations: view.recommendations.map((r) => ({
        code: r.code,
        message_zh: r.message_zh,
        message_en: r.message_en,
      })),
    });
  }
  return rows;
}

/** Sums of incentive rows in exact integer fen (BigInt), with yuan text. */
export function incentiveTotals(rows: readonly IncentiveRow[]): {
  bonus_fen: bigint;
  commission_fen: bigint;
  total_fen: bigint;
  total_yuan: string;
} {
  let bonus = 0n;
  let commission = 0n;
  let total = 0n;
  for (const r of rows) {
    bonus += BigInt(r.bonus_fen);
    commission += BigInt(r.commission_fen);
    total += BigInt(r.total_fen);
  }
  return { bonus_fen: bonus, commission_fen: commission, total_fen: total, total_yuan: formatFen(total) };
}

/** HR's recommendation list of a period: promotion candidates, training plans, demotion reviews. */
export function recommendationList(rows: readonly IncentiveRow[]) {
  return rows.flatMap((r) =>
    r.recommendations.map((rec) => ({
      person_id: r.person_id,
      person_name: r.person_name,
      team: r.team,
      band: r.band,
      ...rec,
    })),
  );
}
