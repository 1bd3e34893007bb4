import { type AttributionModel, parseAttributionModel } from '../core/attribution/index.js';
import { UserError } from '../core/errors.js';
import type { Engine } from '../warehouse/engine.js';
import { type AttributedRevenue, METRIC_ATTRIBUTION_MODELS } from '../warehouse/metrics/index.js';

export { METRIC_ATTRIBUTION_MODELS };

import { attributedRevenueByChannel } from './analytics.js';

/**
 * Multi-touch credit per channel for the metric engine: paid orders of a period credited by the model
 * (journeys of stitched non-bot sessions, 30-day lookback). One attribution run per model and period.
 */
export function attributedRevenueSource(engine: Engine): AttributedRevenue {
  const runs = new Map<string, Promise<{ channel: string; revenue: number }[]>>();
  return (model, period) => {
    const key = `${model}|${period.start.toISOString()}|${period.end.toISOString()}`;
    let run = runs.get(key);
    if (!run) {
      run = attributedRevenueByChannel(engine, { period, model: model as AttributionModel }).then((credits) =>
        credits.map((c) => ({ channel: c.channel, revenue: c.revenue })),
      );
      runs.set(key, run);
    }
    return run;
  };
}

/**
 * Normalises an attribution model name for metric values (`order_channel` or a multi-touch model, aliases such
 * as linear_touch accepted); a UserError names the field (e.g. `--attribution` or `attribution`).
 */
export function metricAttributionModel(value: string, field: string): string {
  const name = value.trim().toLowerCase();
  if (METRIC_ATTRIBUTION_MODELS.includes(name)) return name;
  try {
    return parseAttributionModel(name);
  } catch {
    throw new UserError(
      'bad_option',
      `${field}: unknown attribution model "${value}" (known: ${METRIC_ATTRIBUTION_MODELS.join(', ')})`,
    );
  }
}
