export { type ExperimentArmRow, loadExperimentArms } from './experiments.js';
export { type ConversionKind, type JourneyQuery, loadConversions, loadTouchpoints } from './journeys.js';
export { loadOrderLines } from './orders.js';
export { epochMs, toFen, utcTimestamp } from './params.js';
export { loadSurveyAnswers, type SurveyAnswer } from './surveys.js';
