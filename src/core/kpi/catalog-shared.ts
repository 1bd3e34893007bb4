/** Building blocks of the built-in KPI catalog. */
import type { DimensionId, KpiDefinition, KpiVersion } from './schema.js';

/** Dimension sets by the fact table a KPI reads (events carry no owner; leads carry owner and sales owner). */
export const WEB: DimensionId[] = ['channel', 'channel_group', 'source', 'medium', 'campaign', 'landing_page'];
export const LEADS: DimensionId[] = [
  'channel',
  'channel_group',
  'source',
  'medium',
  'campaign',
  'owner',
  'team',
  'sales_owner',
];
export const SPEND: DimensionId[] = ['channel', 'channel_group', 'campaign', 'owner', 'team'];
export const ORDERS: DimensionId[] = ['channel', 'channel_group', 'source', 'medium', 'campaign', 'owner', 'team'];
export const CONTENT: DimensionId[] = ['content_type', 'channel', 'channel_group', 'owner', 'team'];
export const CUSTOMERS: DimensionId[] = ['channel', 'channel_group'];
export const PEOPLE: DimensionId[] = ['owner', 'team'];

const V1_FROM = '2025-01-01';
/** From 2026-Q2 an MQL must also have lead score ≥ 60 and not be segment 'student'. */
const MQL_V2_FROM = '2026-04-01';

/** A single version in force since the catalog's start. */
export function v1(formula: string, note?: [string, string]): KpiVersion[] {
  return [{ version: 'v1', effective_from: V1_FROM, formula, ...(note ? { note_zh: note[0], note_en: note[1] } : {}) }];
}

/** Two versions for KPIs that depend on the MQL definition. */
export function mqlVersions(formula: string): KpiVersion[] {
  return [
    {
      version: 'v1',
      effective_from: V1_FROM,
      formula,
      note_zh: 'MQL：线索到达 MQL 阶段',
      note_en: 'MQL: the lead reached the MQL stage',
    },
    {
      version: 'v2',
      effective_from: MQL_V2_FROM,
      formula,
      note_zh: 'MQL 还需线索评分 ≥ 60 且客群不是学生',
      note_en: 'an MQL also needs lead score ≥ 60 and a segment other than student',
      measure_options: { mql_rule: 'v2' },
    },
  ];
}

/** One catalog row: id, names, unit, direction, stage, perspective, dimensions, versions, extra fields. */
export type Row = [
  id: string,
  nameZh: string,
  nameEn: string,
  unit: KpiDefinition['unit'],
  direction: KpiDefinition['direction'],
  stage: KpiDefinition['stage'],
  perspective: KpiDefinition['perspective'],
  dimensions: DimensionId[],
  versions: KpiVersion[],
  extra?: Partial<KpiDefinition>,
];
