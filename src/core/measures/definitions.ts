import { LEAD_MEASURES } from './defs-leads.js';
import { MONEY_MEASURES } from './defs-money.js';
import { OPERATIONS_MEASURES } from './defs-ops.js';
import { WEB_MEASURES } from './defs-web.js';
import type { MeasureId } from './ids.js';
import type { MeasureDefinition, TableDimensions } from './types.js';

export {
  CONVERSION_EVENT_TYPES,
  LATE_DELIVERABLE_FACTOR,
  MQL_V2_EXCLUDED_SEGMENT,
  MQL_V2_MIN_SCORE,
  PAID_STATUSES,
} from './builders.js';

const DEFINITIONS: MeasureDefinition[] = [...WEB_MEASURES, ...LEAD_MEASURES, ...MONEY_MEASURES, ...OPERATIONS_MEASURES];

/** Every base measure definition, by id. */
export const MEASURES: ReadonlyMap<MeasureId, MeasureDefinition> = new Map(DEFINITIONS.map((d) => [d.id, d]));

/** The definition of a base measure. */
export function getMeasure(id: MeasureId): MeasureDefinition {
  const m = MEASURES.get(id);
  if (!m) throw new Error(`measure "${id}" has no definition`);
  return m;
}

const web = {
  channel: { col: 'channel' },
  channel_group: { col: 'channel_group' },
  source: { col: 'source' },
  medium: { col: 'medium' },
  campaign: { col: 'campaign' },
  landing_page: { col: 'landing_page' },
};
const owner = { owner: { col: 'owner_id' }, team: { team: 'owner_id' } };
const named = { channel: { col: 'channel' }, channel_group: { col: 'channel_group' } };

/** Which dimension each fact table supports, and through which column. Events carry no owner. */
export const TABLE_DIMENSIONS: TableDimensions = {
  events: web,
  sessions: web,
  traffic: web,
  identities: {},
  leads: { ...web, ...owner, sales_owner: { col: 'sales_owner_id' } },
  orders: { ...named, source: { col: 'source' }, medium: { col: 'medium' }, campaign: { col: 'campaign' }, ...owner },
  spend: { ...named, campaign: { col: 'campaign' }, ...owner },
  content: { ...named, content_type: { col: 'content_type' }, ...owner },
  surveys: { ...named, ...owner },
  experiments: { channel: { col: 'channel' }, ...owner },
  brand_search: {},
  projects: owner,
  deliverables: owner,
};
