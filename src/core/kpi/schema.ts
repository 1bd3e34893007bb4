import { z } from 'zod';
import { parseFormula } from './formula.js';

/** Dimensions a KPI can be cut by. */
export const DIMENSION_IDS = [
  'channel',
  'channel_group',
  'source',
  'medium',
  'campaign',
  'owner',
  'team',
  'content_type',
  'landing_page',
  'sales_owner',
] as const;
export type DimensionId = (typeof DIMENSION_IDS)[number];

export const KPI_UNITS = ['count', 'ratio', 'percent', 'currency', 'days', 'score', 'index'] as const;
export type KpiUnit = (typeof KPI_UNITS)[number];
export const KPI_STAGES = ['acquisition', 'conversion', 'value', 'operations', 'team'] as const;
export type KpiStage = (typeof KPI_STAGES)[number];
export const KPI_PERSPECTIVES = ['financial', 'customer', 'internal', 'learning'] as const;
export type KpiPerspective = (typeof KPI_PERSPECTIVES)[number];

const dateString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: 'must be a real calendar date',
    },
  );

const formulaText = z.string().superRefine((text, ctx) => {
  try {
    parseFormula(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

/** One version of a KPI definition, in force from `effective_from` (local date) on. */
export const kpiVersionSchema = z.strictObject({
  version: z.string().regex(/^[A-Za-z0-9._-]{1,20}$/, 'must be a short label such as v1'),
  effective_from: dateString,
  formula: formulaText,
  note_zh: z.string().optional(),
  note_en: z.string().optional(),
  measure_options: z.record(z.string(), z.unknown()).optional(),
});
export type KpiVersion = z.infer<typeof kpiVersionSchema>;

/** A KPI definition: data, validated when loaded. */
export const kpiDefinitionSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be lower_snake_case'),
    name_zh: z.string().min(1),
    name_en: z.string().min(1),
    unit: z.enum(KPI_UNITS),
    direction: z.enum(['higher', 'lower']),
    stage: z.enum(KPI_STAGES),
    perspective: z.enum(KPI_PERSPECTIVES),
    dimensions: z.array(z.enum(DIMENSION_IDS)),
    required_dimension: z.enum(DIMENSION_IDS).optional(),
    long_term: z.boolean(),
    manual: z.boolean().optional(),
    description_zh: z.string().optional(),
    description_en: z.string().optional(),
    versions: z.array(kpiVersionSchema).min(1),
  })
  .superRefine((kpi, ctx) => {
    const seen = new Set<string>();
    kpi.versions.forEach((v, i) => {
      if (seen.has(v.version)) {
        ctx.addIssue({ code: 'custom', path: ['versions', i, 'version'], message: `duplicate version "${v.version}"` });
      }
      seen.add(v.version);
      const before = kpi.versions[i - 1];
      if (before && before.effective_from >= v.effective_from) {
        ctx.addIssue({
          code: 'custom',
          path: ['versions', i, 'effective_from'],
          message: 'versions must be in increasing effective_from order',
        });
      }
    });
    if (kpi.required_dimension && !kpi.dimensions.includes(kpi.required_dimension)) {
      ctx.addIssue({
        code: 'custom',
        path: ['required_dimension'],
        message: `"${kpi.required_dimension}" must also be listed in dimensions`,
      });
    }
  });
export type KpiDefinition = z.infer<typeof kpiDefinitionSchema>;
