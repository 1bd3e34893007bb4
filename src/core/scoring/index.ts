/** Scoring engine: rules, weighted totals, bonus, rating bands, incentives, recommendations and scorecard lint. */
export { ratingBand } from './bands.js';
export {
  defaultBandsRule,
  itemDirection,
  itemKey,
  itemRule,
  parseScorecard,
  sumWeights,
  targetValue,
  validateScorecard,
} from './card.js';
export { type CommissionLine, computeIncentive, type Incentive, type IncentiveItem } from './incentive.js';
export { LONG_TERM_MIN_SHARE, lintScorecard, QUANTITATIVE_SHARE } from './lint.js';
export { type Recommendation, recommend } from './recommend.js';
export {
  type Achievement,
  type AchievementNote,
  computeAchievement,
  describeRule,
  pointsForAchievement,
  pointsForScale,
} from './rules.js';
export * from './schema.js';
export { type ScoredItem, type ScoreInput, type ScoreOptions, type ScoreResult, scoreScorecard } from './score.js';
