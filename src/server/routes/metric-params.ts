import { z } from 'zod';
import type { RequestContext } from '../../app/context.js';
import { type MetricDimension, type MetricRequest, metricAttributionModel } from '../../app/metrics.js';
import { ForbiddenError } from '../../core/errors.js';
import { DIMENSION_IDS } from '../../core/kpi/schema.js';

const list = z
  .string()
  .max(1000)
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

const dimension = z.enum(DIMENSION_IDS);

/** `scope=channel:抖音,team:内容团队` → { channel: '抖音', team: '内容团队' } (field-level errors). */
export const scopeParam = z
  .string()
  .max(1000)
  .transform((text, ctx) => {
    const scope: Partial<Record<MetricDimension, string>> = {};
    for (const part of text
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const at = part.search(/[:=]/);
      const key = at > 0 ? part.slice(0, at).trim() : '';
      const value = at > 0 ? part.slice(at + 1).trim() : '';
      const parsed = dimension.safeParse(key);
      if (!parsed.success || !value) {
        ctx.addIssue({
          code: 'custom',
          message: `"${part}" is not dimension:value (dimensions: ${DIMENSION_IDS.join(', ')})`,
        });
        return z.NEVER;
      }
      scope[parsed.data] = value;
    }
    return scope;
  });

export const periodParam = z
  .string()
  .min(4)
  .max(40)
  .regex(/^[0-9QWqw.-]+$/, 'a period such as 2026-Q1, 2026-03, 2026-W14, 2026');

/** `attribution=linear`: the model of attributed revenue (ROI, ROAS, channel ROI); aliases accepted. */
export const attributionParam = z
  .string()
  .max(40)
  .transform((text, ctx) => {
    try {
      return metricAttributionModel(text, 'attribution');
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

export const metricsQuery = z.object({
  period: periodParam,
  kpi: list.optional(),
  by: list.pipe(z.array(dimension)).optional(),
  scope: scopeParam.optional(),
  version: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
    .optional(),
  attribution: attributionParam.optional(),
});

export const explainQuery = z.object({
  period: periodParam,
  kpi: z.string().min(1).max(64),
  scope: scopeParam.optional(),
  version: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
    .optional(),
  attribution: attributionParam.optional(),
});

export const dashboardQuery = z.object({ period: periodParam, scope: scopeParam.optional() });

/**
 * Narrows a metric scope to what the caller may see: a member only their own numbers (owner = their person).
 * Other roles allowed on the route see department-wide data.
 */
export function scopeFor(ctx: RequestContext, scope: MetricRequest['scope'] = {}): NonNullable<MetricRequest['scope']> {
  if (ctx.user.role !== 'member') return scope;
  const own = ctx.user.personId;
  if (!own) throw new ForbiddenError('your account is not linked to a person, so it has no own metrics');
  if (scope.owner && scope.owner !== own) throw new ForbiddenError('members may only query their own metrics (owner)');
  if (scope.team) throw new ForbiddenError('members may only query their own metrics, not a team');
  return { ...scope, owner: own };
}
