import type { Engine } from '../../warehouse/engine.js';
import type { Period } from '../periods/periods.js';
import { snapshotScorecard } from './evaluate.js';
import { scorecardsOfPeriod } from './store.js';

/** Stores the current score of every scorecard of a period (on entering calibration and on locking). */
export async function snapshotPeriod(tx: Engine, period: Period): Promise<number> {
  const cards = await scorecardsOfPeriod(tx, period.id);
  for (const card of cards) await snapshotScorecard(tx, card, period);
  return cards.length;
}
