/**
 * Analytics use cases for the API and CLI: multi-touch attribution (paths files or the warehouse), customer
 * value (BG/NBD + Gamma-Gamma), retention, A/B tests and NPS. Calculations live in src/core; rows come from
 * src/warehouse/analytics.
 */
import { config } from '../config.js';
import {
  type AttributionModel,
  type AttributionOptions,
  aggregateJourneys,
  attribute,
  buildJourneys,
  type ChannelCredit,
  creditsToFen,
  type Journey,
  parseChannelPaths,
  stripJourneyDetail,
} from '../core/attribution/index.js';
import {
  type ClvModel,
  type ClvWarning,
  clvSampleWarnings,
  historicalClv,
  type OrderLine,
  predictClv,
  summariseCustomers,
  type TimeUnit,
} from '../core/clv/index.js';
import { UserError } from '../core/errors.js';
import { type Period, parsePeriod, previousPeriod } from '../core/periods/index.js';
import { churnRate, cohortRetention, repurchaseRate, rfmSegments } from '../core/retention/index.js';
import {
  compareExperimentArms,
  computeNps,
  type ExperimentComparison,
  npsByGroup,
  ratingDistribution,
} from '../core/stats/index.js';
import {
  type ConversionKind,
  loadConversions,
  loadExperimentArms,
  loadOrderLines,
  loadSurveyAnswers,
  loadTouchpoints,
} from '../warehouse/analytics/index.js';
import type { Engine } from '../warehouse/engine.js';

export type { AttributionModel, ChannelCredit } from '../core/attribution/index.js';
export type { ExperimentComparison } from '../core/stats/index.js';

/** A period id or an already parsed period. */
export type PeriodInput = Period | string;

function resolvePeriod(period: PeriodInput): Period {
  return typeof period === 'string' ? parsePeriod(period, config().timeZone) : period;
}

const DETAILED: readonly AttributionModel[] = ['time_decay', 'w_shaped'];

/** Credit per model; models that cannot run on this data (e.g. Shapley over > 15 channels) are listed as skipped. */
export interface AttributionRun {
  credits: Record<string, ChannelCredit[]>;
  skipped: { model: AttributionModel; reason: string }[];
}

/**
 * Runs several models over the same journeys (identical paths aggregated once for models that ignore timing).
 * With a single model its errors propagate; with several, a model failing on user data is skipped.
 */
export function runAttributionModels(
  journeys: readonly Journey[],
  models: readonly AttributionModel[],
  options: AttributionOptions = {},
): AttributionRun {
  let aggregated: Journey[] | undefined;
  const run: AttributionRun = { credits: {}, skipped: [] };
  for (const model of models) {
    if (!DETAILED.includes(model) && !aggregated) aggregated = aggregateJourneys(stripJourneyDetail(journeys));
    const input = DETAILED.includes(model) ? journeys : aggregated!;
    try {
      run.credits[model] = attribute(input, model, options);
    } catch (error) {
      if (models.length === 1 || !(error instanceof UserError)) throw error;
      run.skipped.push({ model, reason: error.message });
    }
  }
  return run;
}

/** Attribution of ChannelAttribution-format path data (text of the file). */
export function attributionFromPaths(
  text: string,
  options: AttributionOptions & { models: readonly AttributionModel[]; file?: string },
): AttributionRun {
  const journeys = parseChannelPaths(text, options.file);
  if (journeys.length === 0)
    throw new UserError('empty_paths', `${options.file ?? 'paths'}: no paths after the header`);
  return runAttributionModels(journeys, options.models, options);
}

export interface WarehouseAttributionOptions extends AttributionOptions {
  period: PeriodInput;
  models: readonly AttributionModel[];
  by?: 'channel' | 'campaign';
  /** Days of sessions before a conversion that count as its journey (default 30). */
  lookbackDays?: number;
  /** Conversions to attribute: paid orders, leads, or both (default all). */
  conversion?: ConversionKind;
}

/**
 * Attribution from the warehouse: journeys of stitched non-bot sessions before each conversion of the period
 * (plus non-converting journeys for Markov/Shapley), credit per model; values rounded to whole fen so they add
 * up to the converted revenue exactly.
 */
export async function attributionFromWarehouse(
  engine: Engine,
  options: WarehouseAttributionOptions,
): Promise<AttributionRun> {
  const period = resolvePeriod(options.period);
  const lookbackDays = options.lookbackDays ?? 30;
  if (!(lookbackDays > 0)) throw new UserError('bad_option', '--lookback must be a positive number of days');
  const q = {
    start: period.start,
    end: period.end,
    lookbackDays,
    by: options.by ?? 'channel',
    conversion: options.conversion ?? 'all',
  } as const;
  const [conversions, touches] = await Promise.all([loadConversions(engine, q), loadTouchpoints(engine, q)]);
  const journeys = buildJourneys(touches, conversions, {
    lookbackDays,
    nonConverting: { start: period.start.getTime(), end: period.end.getTime() },
  });
  const totalFen = conversions.reduce((s, c) => s + c.valueFen, 0);
  const run = runAttributionModels(journeys, options.models, options);
  for (const [model, credits] of Object.entries(run.credits)) {
    run.credits[model] = creditsToFen(credits, totalFen).map(({ channel, conversions: n, value }) => ({
      channel,
      conversions: n,
      value,
    }));
  }
  return run;
}

/** Attributed revenue per channel for channel_roi: paid orders of the period, credited by the named model. */
export async function attributedRevenueByChannel(
  engine: Engine,
  options: { period: PeriodInput; model: AttributionModel; lookbackDays?: number },
): Promise<{ channel: string; revenue: number; conversions: number; model: AttributionModel }[]> {
  const result = await attributionFromWarehouse(engine, {
    period: options.period,
    models: [options.model],
    conversion: 'orders',
    lookbackDays: options.lookbackDays ?? 30,
  });
  return (result.credits[options.model] ?? []).map((c) => ({
    channel: c.channel,
    revenue: c.value,
    conversions: c.conversions,
    model: options.model,
  }));
}

export interface ClvOptions {
  calibrationEnd?: string;
  observationEnd?: string;
  timeUnit?: TimeUnit;
  horizon?: number;
  margin?: number;
  annualDiscountRate?: number;
}

/** Fitted CLV models plus historical CLV (margin-adjusted revenue per customer in the calibration window). */
export interface ClvReport {
  params: { r: number; alpha: number; a: number; b: number; p: number | null; q: number | null; v: number | null };
  logLikelihood: { bgnbd: number; gammaGamma: number | null };
  calibrationEnd: string;
  observationEnd: string;
  timeUnit: TimeUnit;
  horizon: number;
  customers: number;
  repeatCustomers: number;
  holdout: ClvModel['holdout'];
  historical: { meanClv: number | null; totalMargin: number; margin: number };
  predictions: ClvModel['customers'];
  /** Reasons to distrust the fit (bilingual). */
  warnings: ClvWarning[];
}

/** CLV from order lines (CSV/CDNOW file or the warehouse). */
export function clvFromOrders(orders: readonly OrderLine[], options: ClvOptions = {}): ClvReport {
  if (orders.length === 0) throw new UserError('no_orders', 'no orders to fit a CLV model on');
  const timeUnit = options.timeUnit ?? 'week';
  const summary = summariseCustomers(orders, { ...options, timeUnit });
  if (summary.customers.length === 0)
    throw new UserError('no_orders', 'no customer ordered before the calibration end');
  const holdoutDays =
    (Date.parse(`${summary.observationEnd}T00:00:00Z`) - Date.parse(`${summary.calibrationEnd}T00:00:00Z`)) /
    86_400_000;
  const holdoutLength = holdoutDays / (timeUnit === 'week' ? 7 : 1);
  const model = predictClv(summary.customers, {
    ...options,
    timeUnit,
    ...(holdoutLength > 0 ? { holdoutLength } : {}),
  });
  const margin = options.margin ?? 1;
  const historical = historicalClv(orders, { to: summary.calibrationEnd, margin });
  return {
    params: {
      r: model.bgnbd.r,
      alpha: model.bgnbd.alpha,
      a: model.bgnbd.a,
      b: model.bgnbd.b,
      p: model.gammaGamma?.p ?? null,
      q: model.gammaGamma?.q ?? null,
      v: model.gammaGamma?.v ?? null,
    },
    logLikelihood: { bgnbd: model.bgnbd.logLikelihood, gammaGamma: model.gammaGamma?.logLikelihood ?? null },
    calibrationEnd: summary.calibrationEnd,
    observationEnd: summary.observationEnd,
    timeUnit,
    horizon: model.horizon,
    customers: summary.customers.length,
    repeatCustomers: summary.customers.filter((c) => c.frequency > 0).length,
    holdout: model.holdout,
    historical: {
      meanClv: historical.meanFen === null ? null : historical.meanFen / 100,
      totalMargin: historical.totalMarginFen / 100,
      margin,
    },
    predictions: model.customers,
    warnings: clvSampleWarnings(summary.customers.length, summary.customers.filter((c) => c.frequency > 0).length),
  };
}

/** CLV from the warehouse's paid orders (local days in the configured time zone). */
export async function clvFromWarehouse(engine: Engine, options: ClvOptions = {}): Promise<ClvReport> {
  const orders = await loadOrderLines(engine, { timeZone: config().timeZone });
  return clvFromOrders(orders, options);
}

/** Repurchase rate and churn for the period, the cohort matrix up to its end and RFM segments as of its end. */
export async function retentionReport(engine: Engine, options: { period: PeriodInput; cohortMonths?: number }) {
  const period = resolvePeriod(options.period);
  const previous = previousPeriod(period);
  const orders = await loadOrderLines(engine, { timeZone: period.timeZone, end: period.end });
  const window = { from: period.startDate, to: period.endDate };
  const lastMonth = period.endDate.slice(0, 7);
  const months = options.cohortMonths ?? 12;
  const cohorts = cohortRetention(orders, lastMonth).slice(-months);
  return {
    period: period.id,
    repurchase: repurchaseRate(orders, window),
    churn: churnRate(orders, { from: previous.startDate, to: previous.endDate }, window),
    cohorts,
    rfm: rfmSegments(orders, period.endDate),
  };
}

/** A/B analysis of every experiment that ran in the period: each variant against the control. */
export async function analyseExperiments(
  engine: Engine,
  options: { period: PeriodInput; alpha?: number; now?: Date },
): Promise<ExperimentComparison[]> {
  const arms = await loadExperimentArms(engine, resolvePeriod(options.period));
  return compareExperimentArms(arms, { now: (options.now ?? new Date()).getTime(), alpha: options.alpha ?? 0.05 });
}

/** NPS (with interval and 0–10 distribution) and rating distribution for the period, overall and by a dimension. */
export async function surveyReport(engine: Engine, options: { period: PeriodInput; by?: 'channel' | 'segment' }) {
  const period = resolvePeriod(options.period);
  const answers = await loadSurveyAnswers(engine, period);
  const by = options.by;
  return {
    period: period.id,
    nps: computeNps(answers.map((a) => a.nps)),
    ratings: ratingDistribution(answers.map((a) => a.rating)),
    groups: by
      ? npsByGroup(
          answers,
          (a) => a[by],
          (a) => a.nps,
        )
      : [],
  };
}
