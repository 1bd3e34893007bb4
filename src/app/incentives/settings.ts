import { z } from 'zod';
import { ValidationError } from '../../core/errors.js';
import {
  DEFAULT_RATING_BANDS,
  type IncentiveRules,
  incentiveRulesSchema,
  type RatingBand,
  ratingBandSchema,
} from '../../core/scoring/schema.js';
import type { Engine } from '../../warehouse/engine.js';
import { type Actor, requireRole } from '../org/actor.js';
import { auditChange } from '../org/audit.js';
import { nowIso, parseJson } from '../org/util.js';

/** Calibration guidance: the highest share of each band (e.g. S ≤ 10%) and the lowest share of others. */
export const guidanceSchema = z.strictObject({
  max_share: z.record(z.string(), z.number().min(0).max(1)).default({ S: 0.1 }),
  min_share: z.record(z.string(), z.number().min(0).max(1)).default({}),
});
export type CalibrationGuidance = z.infer<typeof guidanceSchema>;

/** Workflow settings kept in the database (admin-editable, audited). */
export const workflowSettingsSchema = z.strictObject({
  bands: z.array(ratingBandSchema).min(1).optional(),
  guidance: guidanceSchema.default({ max_share: { S: 0.1 }, min_share: {} }),
  incentive: incentiveRulesSchema.default({
    base: '20000',
    coefficients: { S: '1.5', A: '1.2', B: '1', C: '0.5', D: '0' },
    commissions: [{ kpi: 'online_revenue', rate: '0.005', cap: '20000' }],
  }),
  /** Per-person base bonus in yuan (decimal strings) overriding `incentive.base`. */
  base_by_person: z
    .record(z.string(), z.string().regex(/^\d+(\.\d{1,2})?$/, 'must be yuan, e.g. 30000.00'))
    .default({}),
  /** Cap of the dynamic bonus points per scorecard. */
  bonus_cap: z.number().min(0).default(10),
});
export type WorkflowSettings = z.infer<typeof workflowSettingsSchema>;

/** Current settings (defaults where none were saved). */
export async function workflowSettings(engine: Engine): Promise<WorkflowSettings> {
  const row = (await engine.query("SELECT value FROM workflow_settings WHERE key = 'workflow'"))[0];
  return workflowSettingsSchema.parse(parseJson(row?.value, {}));
}

/** Rating bands in force. */
export function ratingBands(settings: WorkflowSettings): RatingBand[] {
  return settings.bands ?? DEFAULT_RATING_BANDS;
}

/** The incentive rules for one person (their base when set). */
export function incentiveRulesFor(settings: WorkflowSettings, personId: string | null): IncentiveRules {
  const base = personId ? settings.base_by_person[personId] : undefined;
  return base ? { ...settings.incentive, base } : settings.incentive;
}

/** Replaces part of the settings (admin/hr), validated and audited. */
export async function updateWorkflowSettings(engine: Engine, actor: Actor, patch: unknown): Promise<WorkflowSettings> {
  requireRole(actor, ['admin', 'hr'], 'change workflow settings');
  return engine.transaction(async (tx) => {
    const before = await workflowSettings(tx);
    const parsed = workflowSettingsSchema.safeParse({ ...before, ...(patch as object) });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') ?? '';
      throw new ValidationError(`field ${field}: ${issue?.message}`, [{ field }]);
    }
    await tx.exec("DELETE FROM workflow_settings WHERE key = 'workflow'");
    await tx.exec("INSERT INTO workflow_settings VALUES ('workflow', $1, $2, $3::TIMESTAMP)", [
      JSON.stringify(parsed.data),
      actor.username,
      nowIso(),
    ]);
    await auditChange(tx, actor, {
      entity: 'settings',
      entityId: 'workflow',
      action: 'update',
      before,
      after: parsed.data,
    });
    return parsed.data;
  });
}
