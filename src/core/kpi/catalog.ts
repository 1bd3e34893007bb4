import { FUNNEL_ROWS } from './catalog-funnel.js';
import { VALUE_ROWS } from './catalog-value.js';
import type { KpiDefinition } from './schema.js';

const ROWS = [...FUNNEL_ROWS, ...VALUE_ROWS];

/** The built-in KPI definitions (DESIGN.md "KPI catalog" plus the base measures users ask for directly). */
export const BUILTIN_KPIS: KpiDefinition[] = ROWS.map(
  ([id, name_zh, name_en, unit, direction, stage, perspective, dimensions, versions, extra]) => ({
    id,
    name_zh,
    name_en,
    unit,
    direction,
    stage,
    perspective,
    dimensions,
    long_term: false,
    versions,
    ...extra,
  }),
);
