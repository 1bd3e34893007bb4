import type { ImportErrorItem, RawRow, SourceRecord } from '../types.js';
import type { LeadPatch } from '../write/patches.js';

/** Canonical records produced from a source export, plus what was dropped on purpose and why. */
export interface ParsedExport {
  records: SourceRecord[];
  errors: ImportErrorItem[];
  warnings: string[];
  /** Rows dropped on purpose (totals, non-won deals). */
  skipped: number;
  leadPatches?: LeadPatch[];
}

/** A source export format (GA4, 百度统计, Google Ads, 巨量引擎, HubSpot) turned into one canonical table. */
export interface SourceFormat {
  id: string;
  table: string;
  label: { zh: string; en: string };
  parse(rows: RawRow[], ctx: { file: string; timeZone: string }): ParsedExport;
}
