import { SOURCE_FORMATS } from './formats/index.js';
import { TABLES } from './schema/tables.js';

/** A supported import format, as listed on the upload page and in `yardstick import --help`. */
export interface FormatInfo {
  id: string;
  kind: 'table' | 'source';
  /** The canonical table the rows land in. */
  table: string;
  label: { zh: string; en: string };
  /** Canonical columns (required ones marked with *), for canonical tables. */
  columns?: string[];
}

const TABLE_LABELS: Record<string, { zh: string; en: string }> = {
  events: { zh: '行为事件', en: 'Events' },
  traffic: { zh: '流量汇总', en: 'Traffic (aggregates)' },
  leads: { zh: '线索', en: 'Leads' },
  orders: { zh: '订单', en: 'Orders' },
  spend: { zh: '投放花费', en: 'Ad spend' },
  content: { zh: '内容数据', en: 'Content' },
  surveys: { zh: '问卷 (NPS/评分)', en: 'Surveys (NPS/ratings)' },
  experiments: { zh: 'A/B 实验', en: 'A/B experiments' },
  brand_search: { zh: '品牌搜索指数', en: 'Brand search volume' },
  projects: { zh: '跨部门项目', en: 'Cross-department projects' },
  deliverables: { zh: '交付文档', en: 'Deliverables' },
  people: { zh: '人员', en: 'People' },
};

/** Every supported import format: the canonical tables by name, then the source exports. */
export const FORMATS: FormatInfo[] = [
  ...Object.values(TABLES).map(
    (spec): FormatInfo => ({
      id: spec.table,
      kind: 'table',
      table: spec.table,
      label: TABLE_LABELS[spec.table] ?? { zh: spec.table, en: spec.table },
      columns: spec.columns.map((c) => `${c.name}${c.required ? '*' : ''}`),
    }),
  ),
  ...Object.values(SOURCE_FORMATS).map(
    (f): FormatInfo => ({ id: f.id, kind: 'source', table: f.table, label: f.label }),
  ),
];
