import { api } from '../../api/client.js';
import type { Kpi, Scorecard } from '../../api/types.js';

/** A scorecard and the KPI units (for display), loaded together. */
export async function loadScorecard(id: string): Promise<{ card: Scorecard; units: Map<string, string> }> {
  const [card, kpis] = await Promise.all([
    api<Scorecard>(`/scorecards/${encodeURIComponent(id)}`),
    api<Kpi[]>('/kpis'),
  ]);
  return { card, units: new Map(kpis.map((k) => [k.id, k.unit])) };
}
