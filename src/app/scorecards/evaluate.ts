import { findKpi } from '../../core/kpi/index.js';
import type { Engine } from '../../warehouse/engine.js';
import { feedbackAverage } from '../feedback/feedback.js';
import { incentiveRulesFor, ratingBands, workflowSettings } from '../incentives/settings.js';
import { allPeople } from '../org/people.js';
import { getPeriod, type Period } from '../periods/periods.js';
import { fetchItemActuals, isAdditiveKpi } from './actuals.js';
import { type CardScore, type LintWarning, scoreCard } from './core-bridge.js';
import type { CardItem, ItemTarget } from './items.js';
import { elapsedShare, type ItemPace, itemPace } from './pace.js';
import {
  type BonusItem,
  bonusItemsOf,
  managerAssessmentOf,
  type ScorecardRecord,
  scorecardsOfPeriod,
  snapshotOf,
} from './store.js';

/** One item of a scored scorecard, with its explanation. */
export interface ItemView {
  id: string;
  kpi: string;
  name_zh: string | null;
  name_en: string | null;
  kind: 'quantitative' | 'qualitative';
  weight: number;
  /** The stored rule (null = the engine default); `rule_text` explains the rule applied. */
  rule: CardItem['rule'];
  rule_text: string | null;
  source: CardItem['source'];
  version: string | null;
  manual_actual: CardItem['manual_actual'];
  scope: Record<string, string>;
  target: ItemTarget | null;
  actual: number | null;
  achievement: number | null;
  points: number | null;
  contribution: number | null;
  quality: string | null;
  reason: string | null;
  pace: ItemPace | null;
  rolls_up_to: string | null;
  joint: CardItem['joint'];
  manual: { by: string; at: string } | null;
  rollup?: { scorecard_id: string; person_id: string; item_id: string; target: number | null }[];
}

/** A scorecard with scores, band, incentive and recommendations (the API's GET /api/scorecards/{id}). */
export interface ScorecardView {
  id: string;
  person_id: string | null;
  person_name: string | null;
  team: string | null;
  department: string | null;
  subject_type: 'person' | 'team';
  subject_id: string;
  period: string;
  period_status: string;
  status: string;
  template_id: string | null;
  items: ItemView[];
  total: number | null;
  quantitative: number | null;
  qualitative: number | null;
  bonus: number;
  band: string | null;
  computed_band: string | null;
  band_override: { band: string; reason: string | null } | null;
  incentive: CardScore['incentive'];
  recommendations: CardScore['recommendations'];
  warnings: LintWarning[];
  bonus_items: BonusItem[];
  approved_by: string | null;
  approved_at: string | null;
  snapshot_at: string | null;
}

const TODAY = () => new Date().toISOString().slice(0, 10);

/** Qualitative 1–5 inputs per item: 360° average for feedback items, the manager's score for the others. */
async function qualitativeInputs(engine: Engine, card: ScorecardRecord): Promise<Record<string, number | null>> {
  const assessment = await managerAssessmentOf(engine, card.id);
  const result: Record<string, number | null> = {};
  for (const item of card.items) {
    if (item.kind !== 'qualitative') continue;
    const source = item.source ?? (item.kpi === 'feedback_360' ? 'feedback_360' : 'manager');
    if (source === 'feedback_360' && card.subject_type === 'person') {
      result[item.id] = (await feedbackAverage(engine, card.subject_id, card.period_id)).average;
    } else result[item.id] = assessment?.scores[item.id] ?? null;
  }
  return result;
}

/** Scores a scorecard live from the warehouse and the workflow inputs (no snapshot). */
export async function scoreLive(
  engine: Engine,
  card: ScorecardRecord,
  options: { today?: string; period?: Period } = {},
): Promise<ScorecardView> {
  const period = options.period ?? (await getPeriod(engine, card.period_id));
  const settings = await workflowSettings(engine);
  const people = await allPeople(engine);
  const person = card.subject_type === 'person' ? people.find((p) => p.person_id === card.subject_id) : undefined;
  const actuals = await fetchItemActuals(engine, card.items, card.period_id);
  const qualitative = await qualitativeInputs(engine, card);
  const bonusItems = await bonusItemsOf(engine, card.id);
  const score: CardScore = scoreCard(card.items, {
    actuals: Object.fromEntries(Object.entries(actuals).map(([k, v]) => [k, v.value])),
    qualitative,
    bonusItems,
    bands: ratingBands(settings),
    bonusCap: settings.bonus_cap,
    incentive: card.subject_type === 'person' ? incentiveRulesFor(settings, card.subject_id) : null,
    bandOverride: card.band_override,
  });
  const elapsed = elapsedShare(period, options.today ?? TODAY());
  const rollups = card.subject_type === 'team' ? await rollupsFor(engine, card) : {};
  const items: ItemView[] = card.items.map((item) => {
    const scored = score.items.find((s) => s.id === item.id);
    const actual = item.kind === 'quantitative' ? (actuals[item.id] ?? null) : null;
    const kpi = findKpi(item.kpi);
    const view: ItemView = {
      id: item.id,
      kpi: item.kpi,
      name_zh: item.name_zh ?? kpi?.name_zh ?? null,
      name_en: item.name_en ?? kpi?.name_en ?? null,
      kind: item.kind,
      weight: item.weight,
      rule: item.rule,
      rule_text: scored?.rule ?? null,
      source: item.source,
      version: item.version,
      manual_actual: item.manual_actual,
      scope: item.scope,
      target: item.target,
      actual: item.kind === 'quantitative' ? (actual?.value ?? null) : (qualitative[item.id] ?? null),
      achievement: scored?.achievement ?? null,
      points: scored?.points ?? null,
      contribution: scored?.contribution ?? null,
      quality: actual?.quality ?? null,
      reason: actual?.reason ?? null,
      pace:
        item.kind === 'quantitative' && period.status !== 'locked'
          ? itemPace({
              actual: actual?.value ?? null,
              target: item.target?.value ?? null,
              additive: isAdditiveKpi(item.kpi),
              direction: kpi?.direction ?? 'higher',
              elapsed,
            })
          : null,
      rolls_up_to: item.rolls_up_to,
      joint: item.joint,
      manual: actual?.manual ?? null,
    };
    if (rollups[item.id]) view.rollup = rollups[item.id];
    return view;
  });
  return {
    id: card.id,
    person_id: person?.person_id ?? null,
    person_name: person?.name ?? null,
    team: person ? person.team : card.subject_id,
    department: person?.department ?? null,
    subject_type: card.subject_type,
    subject_id: card.subject_id,
    period: card.period_id,
    period_status: period.status,
    status: card.status,
    template_id: card.template_id,
    items,
    total: score.total,
    quantitative: score.quantitative,
    qualitative: score.qualitative,
    bonus: score.bonus,
    band: score.band,
    computed_band: score.computed_band,
    band_override: card.band_override ? { band: card.band_override, reason: card.band_reason } : null,
    incentive: score.incentive,
    recommendations: score.recommendations,
    warnings: score.warnings,
    bonus_items: bonusItems,
    approved_by: card.approved_by,
    approved_at: card.approved_at,
    snapshot_at: null,
  };
}

/** Person items of the same period that roll up to each item of a team scorecard. */
async function rollupsFor(
  engine: Engine,
  team: ScorecardRecord,
): Promise<Record<string, NonNullable<ItemView['rollup']>>> {
  const result: Record<string, NonNullable<ItemView['rollup']>> = {};
  for (const card of await scorecardsOfPeriod(engine, team.period_id, 'person')) {
    for (const item of card.items) {
      if (!item.rolls_up_to || !team.items.some((t) => t.id === item.rolls_up_to)) continue;
      const list = result[item.rolls_up_to] ?? [];
      result[item.rolls_up_to] = list;
      list.push({
        scorecard_id: card.id,
        person_id: card.subject_id,
        item_id: item.id,
        target: item.target?.value ?? null,
      });
    }
  }
  return result;
}

/**
 * The scorecard as shown: the stored snapshot once the period is in calibration or locked (so locked results
 * never change when data is re-imported), otherwise scored live.
 */
export async function evaluateScorecard(
  engine: Engine,
  card: ScorecardRecord,
  options: { today?: string } = {},
): Promise<ScorecardView> {
  const period = await getPeriod(engine, card.period_id);
  if (period.status === 'calibration' || period.status === 'locked') {
    const snap = await snapshotOf<ScorecardView>(engine, card.id);
    if (snap) return { ...snap, period_status: period.status, status: card.status };
  }
  return scoreLive(engine, card, { ...options, period });
}

/** Scores a scorecard and stores the result as its snapshot (replacing an older one). */
export async function snapshotScorecard(tx: Engine, card: ScorecardRecord, period: Period): Promise<ScorecardView> {
  const view = { ...(await scoreLive(tx, card, { period })), snapshot_at: new Date().toISOString() };
  await tx.exec('DELETE FROM score_snapshots WHERE scorecard_id = $1', [card.id]);
  await tx.exec('INSERT INTO score_snapshots VALUES ($1, $2, $3, $4::TIMESTAMP)', [
    card.id,
    card.period_id,
    JSON.stringify(view),
    view.snapshot_at,
  ]);
  return view;
}
