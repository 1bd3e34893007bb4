import { z } from 'zod';
import { DEFAULT_BANDS, type ScoringRuleInput, scorecardItemSchema } from '../scoring/schema.js';

/** Threshold bands with the DESIGN.md defaults (<80% → 0, 80–100% → 60–100, 100–120% → 100–120). */
export const DEFAULT_BANDS_RULE: ScoringRuleInput = { type: 'bands', bands: DEFAULT_BANDS.map((b) => ({ ...b })) };

/** A scorecard template: items with weights and default scoring rules, targets left to the manager. */
export const templateSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_-]*$/),
  kind: z.enum(['business', 'role']),
  name_zh: z.string().min(1),
  name_en: z.string().min(1),
  description_zh: z.string().min(1),
  description_en: z.string().min(1),
  items: z.array(scorecardItemSchema).min(1),
  bonus_cap: z.number().min(0).default(10),
});
export type Template = z.infer<typeof templateSchema>;
export type TemplateInput = z.input<typeof templateSchema>;
