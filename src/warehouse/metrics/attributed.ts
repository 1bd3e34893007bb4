import type { Period } from '../../core/periods/index.js';
import { type Presence, presenceKey } from './family-shared.js';
import type { MetricPlan } from './plan.js';

/** Revenue per channel credited by a multi-touch attribution model over a period (from the app layer). */
export type AttributedRevenue = (model: string, period: Period) => Promise<{ channel: string; revenue: number }[]>;

/** One credited value: the --by group it belongs to, the measure key and period index. */
export interface AttributedValue {
  /** group key as runPlan builds it (JSON of the --by dimension values) */
  group: string;
  channel: string | null;
  key: string;
  period: number;
  value: number;
}

/**
 * Multi-touch credit of the plan's attributed-revenue needs: per channel when grouped by channel, else the total
 * (or the scoped channel's share); a period with orders but no credited channel gets zero.
 */
export async function attributedValues(
  plan: MetricPlan,
  presence: Presence,
  attributedRevenue: AttributedRevenue | undefined,
): Promise<AttributedValue[]> {
  const out: AttributedValue[] = [];
  for (const need of plan.measures.values()) {
    if (!need.attribution) continue;
    if (!attributedRevenue) throw new Error(`runPlan: ${need.key} needs an attributedRevenue source`);
    for (const i of need.periods) {
      if (!presence.has(presenceKey(need.measure.table, i))) continue;
      const credits = (await attributedRevenue(need.attribution, plan.periods[i]!)).filter(
        (c) => plan.scope.channel === undefined || c.channel === plan.scope.channel,
      );
      const byChannel = plan.by.includes('channel');
      for (const c of credits) {
        const group = JSON.stringify(plan.by.map((d) => (d === 'channel' ? c.channel : null)));
        out.push({ group, channel: byChannel ? c.channel : null, key: need.key, period: i, value: c.revenue });
      }
      if (!plan.by.length) out.push({ group: '[]', channel: null, key: need.key, period: i, value: 0 });
    }
  }
  return out;
}
