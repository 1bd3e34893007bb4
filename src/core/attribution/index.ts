import { UserError } from '../errors.js';
import {
  attributeHeuristic,
  firstTouchWeights,
  lastNonDirectWeights,
  lastTouchWeights,
  linearWeights,
  positionBasedWeights,
  timeDecayWeights,
  type WeightRule,
  wShapedWeights,
} from './heuristic.js';
import { attributeMarkov } from './markov.js';
import { attributeMarkovOrder } from './markov-higher-order.js';
import { attributeShapley } from './shapley.js';
import {
  ATTRIBUTION_MODELS,
  type AttributionModel,
  type AttributionOptions,
  type ChannelCredit,
  type Journey,
} from './types.js';

export { aggregateJourneys } from './aggregate.js';
export { attributeHeuristic } from './heuristic.js';
export { attributeMarkov, type MarkovResult } from './markov.js';
export { attributeMarkovOrder } from './markov-higher-order.js';
export { parseChannelPaths } from './paths-format.js';
export { attributeShapley, SHAPLEY_MAX_CHANNELS } from './shapley.js';
export * from './types.js';

const RULES: Record<Exclude<AttributionModel, 'markov' | 'shapley'>, WeightRule> = {
  first_touch: firstTouchWeights,
  last_touch: lastTouchWeights,
  last_non_direct: lastNonDirectWeights,
  linear: linearWeights,
  time_decay: timeDecayWeights,
  position_based: positionBasedWeights,
  w_shaped: wShapedWeights,
};

/** Parses a model name (also accepts ChannelAttribution-style aliases such as linear_touch). */
export function parseAttributionModel(name: string): AttributionModel {
  const key = name.trim().toLowerCase().replaceAll('-', '_');
  const alias: Record<string, AttributionModel> = {
    linear_touch: 'linear',
    position: 'position_based',
    u_shaped: 'position_based',
    w: 'w_shaped',
    time: 'time_decay',
    last_non_direct_touch: 'last_non_direct',
  };
  const model = alias[key] ?? key;
  if (!(ATTRIBUTION_MODELS as readonly string[]).includes(model)) {
    throw new UserError(
      'bad_model',
      `unknown attribution model "${name}"; use one of ${ATTRIBUTION_MODELS.join(', ')}`,
    );
  }
  return model as AttributionModel;
}

/** Credits conversions and value to channels under one model. */
export function attribute(
  journeys: readonly Journey[],
  model: AttributionModel,
  options: AttributionOptions = {},
): ChannelCredit[] {
  if (model === 'markov') {
    const order = options.markovOrder ?? 1;
    return order > 1 ? attributeMarkovOrder(journeys, order).credits : attributeMarkov(journeys).credits;
  }
  if (model === 'shapley') return attributeShapley(journeys);
  return attributeHeuristic(journeys, RULES[model], options);
}
export { buildJourneys, type ConversionPoint, NO_TOUCH, stripJourneyDetail, type Touchpoint } from './journeys.js';
export { creditsToFen } from './rounding.js';
