import { NotFoundError, ValidationError } from '../errors.js';
import type { KpiDefinition } from '../kpi/index.js';
import { issueField } from '../kpi/index.js';
import { itemKey, parseScorecard, validateScorecard } from '../scoring/card.js';
import { type Scorecard, type Target, targetSchema } from '../scoring/schema.js';
import { B2B, ECOMMERCE } from './business.js';
import { CONTENT_OPERATOR, ECOMMERCE_OPERATOR, SEM_SPECIALIST, TEAM_LEAD } from './roles.js';
import { type Template, type TemplateInput, templateSchema } from './schema.js';

export { DEFAULT_BANDS_RULE, type Template, type TemplateInput, templateSchema } from './schema.js';

/** Validates a template: shape (zod), known KPIs, weights totalling 100. */
export function parseTemplate(raw: unknown, catalog?: readonly KpiDefinition[]): Template {
  const result = templateSchema.safeParse(raw);
  const id = (raw as { id?: unknown })?.id;
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ValidationError(`template "${String(id)}" field ${issueField(issue)}: ${issue?.message}`);
  }
  validateScorecard(parseScorecard({ items: result.data.items }), catalog, `template "${result.data.id}"`);
  return result.data;
}

const BUILTIN: TemplateInput[] = [ECOMMERCE, B2B, SEM_SPECIALIST, CONTENT_OPERATOR, ECOMMERCE_OPERATOR, TEAM_LEAD];

/** The built-in templates, validated once at load. */
export const TEMPLATES: readonly Template[] = BUILTIN.map((t) => parseTemplate(t));

/** All templates (business first, then roles). */
export function listTemplates(): readonly Template[] {
  return TEMPLATES;
}

/** A template by id; throws NotFoundError listing the known ids. */
export function getTemplate(id: string): Template {
  const template = TEMPLATES.find((t) => t.id === id);
  if (!template) {
    throw new NotFoundError(`unknown template "${id}" (known: ${TEMPLATES.map((t) => t.id).join(', ')})`);
  }
  return template;
}

/** Targets per item key or KPI id: a number or a SMART target record. */
export type TemplateTargets = Record<string, number | Target | null>;

/**
 * A scorecard from a template with targets filled in (by item id or KPI id). Unknown target keys are refused;
 * items without a target keep none (lint reports them).
 */
export function scorecardFromTemplate(
  id: string,
  targets: TemplateTargets = {},
  extra: Partial<Pick<Scorecard, 'person' | 'team' | 'period'>> = {},
  file?: string,
): Scorecard {
  const template = getTemplate(id);
  const keys = template.items
    .map((item, i) => ({ key: itemKey(item, i), kpi: item.kpi, kind: item.kind }))
    .filter((k) => k.kind === 'quantitative');
  for (const [name, value] of Object.entries(targets)) {
    const match = keys.find((k) => k.key === name || k.kpi === name);
    const where = `${file ? `${file}, ` : ''}field ${name}`;
    if (!match) {
      throw new ValidationError(
        `${where}: not a KPI of template "${id}" (items: ${keys.map((k) => k.key).join(', ')})`,
        [{ ...(file ? { file } : {}), field: name }],
      );
    }
    const ok =
      value === null || (typeof value === 'number' && Number.isFinite(value)) || targetSchema.safeParse(value).success;
    if (!ok)
      throw new ValidationError(`${where}: target must be a number`, [{ ...(file ? { file } : {}), field: name }]);
  }
  const items = template.items.map((item, i) => {
    const key = itemKey(item, i);
    const target = targets[key] ?? (item.kpi ? targets[item.kpi] : undefined);
    return target === undefined ? { ...item } : { ...item, target };
  });
  return parseScorecard({
    name_zh: template.name_zh,
    name_en: template.name_en,
    template: template.id,
    items,
    bonus_cap: template.bonus_cap,
    ...extra,
  });
}
