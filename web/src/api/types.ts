/** Response shapes of the /api endpoints the web app reads (see src/server/routes). */

import type { ImportPreview } from '../../../src/app/imports/preview.js';
import type { Person } from '../../../src/app/org/people.js';
import type { ScorecardSummary } from '../../../src/app/scorecards/list.js';

/** Shapes the server defines once (type-only imports: nothing of the server is bundled). */
export type { ImportPreview, Person, ScorecardSummary };

export type Role = 'admin' | 'manager' | 'analyst' | 'hr' | 'member' | 'viewer';

export interface Me {
  id: string;
  username: string;
  role: Role;
  person_id: string | null;
  name: string | null;
  team: string | null;
  department: string | null;
  lang: string;
}

export interface Period {
  id: string;
  kind: string;
  start_date: string;
  end_date: string;
  status: string;
}

export interface KpiVersion {
  version: string;
  effective_from: string;
  formula: string;
}

export interface Kpi {
  id: string;
  name_zh: string;
  name_en: string;
  unit: string;
  direction: 'higher' | 'lower';
  stage: string;
  perspective: string;
  dimensions: string[];
  versions: KpiVersion[];
  description_zh?: string | null;
  description_en?: string | null;
}

export interface DashboardTile {
  kpi: string;
  name_zh: string;
  name_en: string;
  value: number | null;
  unit: string;
  target?: number | null;
  attainment?: number | null;
  previous: number | null;
  growth: number | null;
  quality: string;
}

export interface Dashboard {
  period: string;
  tiles: DashboardTile[];
  funnel: { stage: string; value: number | null; rate: number | null }[];
  channels: {
    channel: string;
    sessions: number | null;
    leads: number | null;
    spend: number | null;
    revenue: number | null;
    roi: number | null;
  }[];
  trend: ({ period: string } & Record<string, number | string | null>)[];
}

export interface Explain {
  kpi: string;
  name_zh: string;
  name_en: string;
  period: string;
  version: string;
  effective_from: string;
  formula: string;
  unit: string;
  value: number | null;
  quality: string;
  reason?: string | null;
  previous?: number | null;
  growth?: number | null;
  sql: string[];
  params: unknown[][];
  measures: Record<string, { value: number | null; table: string; source: string; source_row_ids?: string[] }>;
}

export interface ItemTarget {
  value: number | null;
  baseline: number | null;
  data_source: string | null;
  deadline: string | null;
  owner: string | null;
}

export interface ScorecardItem {
  id: string;
  kpi: string;
  name_zh: string | null;
  name_en: string | null;
  kind: 'quantitative' | 'qualitative';
  weight: number;
  /** The scoring rule object (linear/bands/binary/scale) or null for the kind's default. */
  rule: unknown;
  /** The rule in words, e.g. "linear(floor 60%, cap 120%)". */
  rule_text?: string | null;
  source?: string | null;
  version?: string | null;
  manual_actual?: { value: number; by: string; at: string } | null;
  rolls_up_to?: string | null;
  joint?: unknown;
  scope: Record<string, string>;
  target: ItemTarget | null;
  actual: number | null;
  achievement: number | null;
  points: number | null;
  contribution: number | null;
  quality: string | null;
  reason: string | null;
  pace: { elapsed_share: number; expected: number | null; pace: number | null; on_track: boolean | null } | null;
}

export interface Warning {
  code: string;
  message_zh: string;
  message_en: string;
  item?: string;
}

export interface Recommendation {
  code: string;
  message_zh: string;
  message_en: string;
}

export interface Scorecard extends ScorecardSummary {
  period_status: string;
  template_id: string | null;
  items: ScorecardItem[];
  bonus: number;
  computed_band: string | null;
  incentive: { bonus_fen: number; commission_fen: number; total_fen: number; total_yuan: string } | null;
  recommendations: Recommendation[];
  warnings: Warning[];
  approved_by: string | null;
  approved_at: string | null;
}

export interface TemplateItem {
  id?: string;
  kpi?: string;
  kind: 'quantitative' | 'qualitative';
  weight: number;
  rule?: unknown;
  source?: string;
  name_zh?: string;
  name_en?: string;
}

export interface Template {
  id: string;
  kind: string;
  name_zh: string;
  name_en: string;
  description_zh?: string;
  description_en?: string;
  items: TemplateItem[];
}

export interface FeedbackRequest {
  id: string;
  subject_person_id: string;
  subject_name: string;
  period: string;
  relation: string;
  submitted: boolean;
}

export interface FeedbackSummary {
  person_id: string;
  period: string;
  count: number;
  requested?: number;
  shown: boolean;
  average?: number;
  dimensions?: Record<string, number>;
  by_relation?: Record<string, number>;
}

export interface Calibration {
  period: string;
  period_status: string;
  distribution: Record<string, number>;
  shares: Record<string, number>;
  guidance: { max_share: Record<string, number>; min_share: Record<string, number> };
  warnings: (Warning | string)[];
  people: {
    scorecard_id: string;
    person_id: string;
    person_name: string;
    team: string | null;
    department: string | null;
    total: number | null;
    computed_band: string | null;
    band: string | null;
    override_reason: string | null;
  }[];
}

export interface Driver {
  dimension: string;
  value: string;
  actual: number | null;
  expected: number | null;
  contribution: number;
}

export interface ReviewView {
  scorecard_id: string;
  period: string;
  total: number | null;
  band: string | null;
  gaps: {
    item_id: string;
    kpi: string;
    name_zh: string | null;
    name_en: string | null;
    target: number | null;
    actual: number | null;
    gap: number | null;
    achievement: number | null;
    basis: string | null;
    drivers: Driver[];
  }[];
  plan: { id: string; action: string; owner_id: string | null; due_date: string | null; status: string }[];
}

export interface ImportError {
  file: string;
  row: number;
  column: string;
  message: string;
}

export interface ImportResult {
  importId: string;
  format: string;
  table: string;
  fileName: string;
  rowsRead: number;
  inserted: number;
  updated: number;
  skipped: number;
  rejected: number;
  dryRun: boolean;
  errors: ImportError[];
  errorCount: number;
  warnings: string[];
}

export interface ImportJob {
  id: string;
  username: string;
  status: 'running' | 'done' | 'failed';
  file_name: string;
  format: string;
  dry_run: boolean;
  /** fraction and phase: large events files, read whole before they are derived and written */
  progress: { rows: number; bytes: number; totalBytes: number; phase?: 'read' | 'derive' | 'write'; fraction?: number };
  started_at: string;
  finished_at: string | null;
  result: ImportResult | null;
  error: { code: string; message: string; errors?: ImportError[]; error_count?: number } | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

export interface DataQuality {
  period: string;
  events: number;
  bot_share: number | null;
  sessions: number;
  unclassified_share: number | null;
  missing_sources: { kpi: string; table: string | null }[];
}
