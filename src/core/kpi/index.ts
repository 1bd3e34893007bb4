import { z } from 'zod';
import { NotFoundError, ValidationError } from '../errors.js';
import { BUILTIN_KPIS } from './catalog.js';
import { type KpiDefinition, type KpiVersion, kpiDefinitionSchema } from './schema.js';
import { issueField } from './zod-issue.js';

export { BUILTIN_KPIS } from './catalog.js';
export {
  evaluateFormula,
  type FormulaAst,
  type FormulaNullReason,
  type FormulaResult,
  formatFormula,
  formulaInputs,
  formulaMeasures,
  formulaPreviousMeasures,
  type MeasureValues,
  parseFormula,
} from './formula.js';
export {
  DIMENSION_IDS,
  type DimensionId,
  KPI_PERSPECTIVES,
  KPI_STAGES,
  KPI_UNITS,
  type KpiDefinition,
  type KpiPerspective,
  type KpiStage,
  type KpiUnit,
  type KpiVersion,
  kpiDefinitionSchema,
  kpiVersionSchema,
} from './schema.js';
export { issueField } from './zod-issue.js';

/** Validates one KPI definition; errors name the KPI id and the field. */
export function parseKpiDefinition(raw: unknown, where = 'KPI'): KpiDefinition {
  const result = kpiDefinitionSchema.safeParse(raw);
  if (result.success) return result.data;
  const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : undefined;
  const issue = result.error.issues[0];
  const field = issueField(issue);
  const label = id ? `KPI "${id}"` : where;
  throw new ValidationError(`${label}${field ? ` field ${field}` : ''}: ${issue?.message ?? 'invalid'}`, [
    { field: field || 'kpi' },
  ]);
}

/** The built-in catalog, validated once at load. */
export const KPI_CATALOG: KpiDefinition[] = BUILTIN_KPIS.map((kpi) => parseKpiDefinition(kpi));

/** Finds a KPI by id; throws NotFoundError naming the id. */
export function getKpi(id: string, catalog: readonly KpiDefinition[] = KPI_CATALOG): KpiDefinition {
  const kpi = catalog.find((k) => k.id === id);
  if (!kpi) throw new NotFoundError(`unknown KPI "${id}"`);
  return kpi;
}

/** Finds a KPI by id, or undefined. */
export function findKpi(id: string, catalog: readonly KpiDefinition[] = KPI_CATALOG): KpiDefinition | undefined {
  return catalog.find((k) => k.id === id);
}

/**
 * Known KPIs a mistyped id may have meant: the KPI whose English or Chinese name it spells ("cost_per_lead" → cpl,
 * "线索获取成本" → cpl), else the ids within two edits (or three for long ids).
 */
export function suggestKpis(id: string, catalog: readonly KpiDefinition[] = KPI_CATALOG): KpiDefinition[] {
  const norm = (s: string) => s.toLowerCase().replace(/[\s_\-/()（）]+/g, '');
  const query = norm(id);
  const named = catalog.filter((k) => norm(k.name_en) === query || norm(k.name_zh) === query);
  if (named.length) return named;
  const limit = query.length >= 8 ? 3 : 2;
  return catalog
    .map((k) => ({ k, d: editDistance(query, norm(k.id)) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d)
    .map((x) => x.k);
}

/** Levenshtein distance between two short strings. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/**
 * The version in force on a local date (`YYYY-MM-DD`); before the first version, the first one.
 * Pass the period's local start date as text: a Date is read as its UTC calendar day.
 */
export function kpiVersionAt(kpi: KpiDefinition, date: string | Date): KpiVersion {
  const day = typeof date === 'string' ? date.slice(0, 10) : date.toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) {
    throw new ValidationError(`KPI "${kpi.id}": version date "${String(date)}" is not YYYY-MM-DD`, [{ field: 'date' }]);
  }
  let chosen = kpi.versions[0]!;
  for (const v of kpi.versions) if (v.effective_from <= day) chosen = v;
  return chosen;
}

/** Finds a named version of a KPI (e.g. 'v1'); throws NotFoundError. */
export function kpiVersion(kpi: KpiDefinition, version: string): KpiVersion {
  const found = kpi.versions.find((v) => v.version === version);
  if (!found) throw new NotFoundError(`KPI "${kpi.id}" has no version "${version}"`);
  return found;
}

const userConfigSchema = z.strictObject({
  kpis: z.array(z.unknown()).optional(),
  versions: z.record(z.string(), z.array(z.unknown())).optional(),
});

/**
 * Merges user KPIs into the built-in catalog: `{ kpis: [KpiDefinition...], versions: { kpi_id: [KpiVersion...] } }`
 * (or a bare array of KPIs). New KPIs need new ids; `versions` appends later versions to an existing KPI.
 */
export function loadKpiCatalog(extra?: unknown, base: readonly KpiDefinition[] = KPI_CATALOG): KpiDefinition[] {
  const catalog = base.map((k) => ({ ...k, versions: [...k.versions] }));
  if (extra === undefined || extra === null) return catalog;
  const parsed = userConfigSchema.safeParse(Array.isArray(extra) ? { kpis: extra } : extra);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(`KPI config field ${issueField(issue) || '(root)'}: ${issue?.message}`, [
      { field: issueField(issue) },
    ]);
  }
  (parsed.data.kpis ?? []).forEach((raw, i) => {
    const kpi = parseKpiDefinition(raw, `kpis[${i}]`);
    if (catalog.some((k) => k.id === kpi.id)) {
      throw new ValidationError(`KPI "${kpi.id}" field id: already defined (add a version under "versions" instead)`, [
        { field: `kpis[${i}].id` },
      ]);
    }
    catalog.push(kpi);
  });
  for (const [id, versions] of Object.entries(parsed.data.versions ?? {})) {
    const index = catalog.findIndex((k) => k.id === id);
    const kpi = catalog[index];
    if (!kpi) throw new ValidationError(`KPI "${id}" field versions: unknown KPI`, [{ field: `versions.${id}` }]);
    catalog[index] = parseKpiDefinition({ ...kpi, versions: [...kpi.versions, ...versions] });
  }
  return catalog;
}
