export {
  CONVERSION_EVENT_TYPES,
  getMeasure,
  LATE_DELIVERABLE_FACTOR,
  MEASURES,
  MQL_V2_EXCLUDED_SEGMENT,
  MQL_V2_MIN_SCORE,
  PAID_STATUSES,
  TABLE_DIMENSIONS,
} from './definitions.js';
export { ORDER_CHANNEL_ATTRIBUTION } from './defs-money.js';
export { type ExperimentVariant, significantExperiments, twoProportionPValue } from './experiments.js';
export { isMeasureId, MEASURE_IDS, type MeasureId } from './ids.js';
export type * from './types.js';
