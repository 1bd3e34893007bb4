import type { ApiRowError } from '../../api/client.js';

/** An import format as GET /api/imports/formats lists it (src/ingest FORMATS). */
export interface ImportFormat {
  id: string;
  kind: 'table' | 'source';
  table?: string;
  label: { zh: string; en: string };
  columns?: string[];
}

/** Fallback copy of the import formats, used only when GET /api/imports/formats fails. */
export const IMPORT_FORMATS: { id: string; zh: string; en: string; group: 'source' | 'table' }[] = [
  { id: 'ga4', zh: 'GA4 导出 (CSV)', en: 'GA4 export (CSV)', group: 'source' },
  { id: 'baidu-tongji', zh: '百度统计 (CSV)', en: 'Baidu Tongji (CSV)', group: 'source' },
  { id: 'google-ads', zh: 'Google Ads 广告系列报告', en: 'Google Ads campaign report', group: 'source' },
  { id: 'ocean-engine', zh: '巨量引擎 (抖音投放)', en: 'Ocean Engine (Douyin ads)', group: 'source' },
  { id: 'baidu-sem', zh: '百度营销 (百度SEM)', en: 'Baidu SEM (百度营销)', group: 'source' },
  { id: 'tencent-ads', zh: '腾讯广告 (广点通)', en: 'Tencent Ads (腾讯广告)', group: 'source' },
  { id: 'hubspot-contacts', zh: 'HubSpot 联系人', en: 'HubSpot contacts', group: 'source' },
  { id: 'hubspot-deals', zh: 'HubSpot 交易', en: 'HubSpot deals', group: 'source' },
  { id: 'events', zh: '标准表：行为事件', en: 'Canonical: events', group: 'table' },
  { id: 'traffic', zh: '标准表：流量汇总', en: 'Canonical: traffic', group: 'table' },
  { id: 'leads', zh: '标准表：线索', en: 'Canonical: leads', group: 'table' },
  { id: 'orders', zh: '标准表：订单', en: 'Canonical: orders', group: 'table' },
  { id: 'spend', zh: '标准表：投放花费', en: 'Canonical: spend', group: 'table' },
  { id: 'content', zh: '标准表：内容数据', en: 'Canonical: content', group: 'table' },
  { id: 'surveys', zh: '标准表：问卷', en: 'Canonical: surveys', group: 'table' },
  { id: 'experiments', zh: '标准表：A/B 实验', en: 'Canonical: experiments', group: 'table' },
  { id: 'brand_search', zh: '标准表：品牌搜索指数', en: 'Canonical: brand search', group: 'table' },
  { id: 'projects', zh: '标准表：跨部门项目', en: 'Canonical: projects', group: 'table' },
  { id: 'deliverables', zh: '标准表：交付文档', en: 'Canonical: deliverables', group: 'table' },
  { id: 'people', zh: '标准表：人员', en: 'Canonical: people', group: 'table' },
];

/** Bytes of a text upload sent for the preview (the server reads only the first rows). */
export const PREVIEW_BYTES = 256 * 1024;

/**
 * What to send to POST /api/imports/preview: a text file's first 256 KiB cut after its last complete line (a line
 * break byte never occurs inside a UTF-8 or GBK/GB18030 character, so no character is split); XLSX and JSON whole.
 */
export async function previewSample(file: File): Promise<Blob> {
  if (!/\.(csv|tsv|txt|jsonl|ndjson)$/i.test(file.name) || file.size <= PREVIEW_BYTES) return file;
  const bytes = new Uint8Array(await file.slice(0, PREVIEW_BYTES).arrayBuffer());
  const end = bytes.lastIndexOf(0x0a);
  return new Blob([end > 0 ? bytes.subarray(0, end + 1) : bytes]);
}

/** "file.csv row 3 column created_at: message" → its parts (the server's validation message format). */
export function parseRowError(message: string): { file: string; row: number; column: string; message: string } | null {
  const match = /^(.*?) row (\d+)(?: column ([^:]+))?: (.*)$/s.exec(message);
  if (!match) return null;
  return { file: match[1] ?? '', row: Number(match[2]), column: match[3] ?? '', message: match[4] ?? '' };
}

/** The fallback list in the server's shape. */
export const FALLBACK_FORMATS: ImportFormat[] = IMPORT_FORMATS.map((f) => ({
  id: f.id,
  kind: f.group,
  label: { zh: f.zh, en: f.en },
}));

/** Select options for the format picker, grouped by kind (source exports first), labelled in the UI language. */
export function formatOptions(
  formats: readonly ImportFormat[],
  lang: string,
  groupLabels: { source: string; table: string },
): { label: string; options: { value: string; label: string }[] }[] {
  return (['source', 'table'] as const)
    .map((kind) => ({
      label: groupLabels[kind],
      options: formats
        .filter((f) => f.kind === kind)
        .map((f) => ({ value: f.id, label: lang === 'en' ? f.label.en : f.label.zh })),
    }))
    .filter((group) => group.options.length > 0);
}

/** The row errors to show for a failed upload: the server's structured list, else parsed from its message. */
export function rowErrorsOf(error: { message: string; rowErrors?: readonly ApiRowError[] }): ApiRowError[] {
  if (error.rowErrors?.length) return [...error.rowErrors];
  const parsed = parseRowError(error.message);
  return parsed ? [parsed] : [];
}
