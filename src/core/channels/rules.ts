import { type ErrorLocation, ValidationError } from '../errors.js';
import type { ChannelRule } from './types.js';

/** A user rule with its regexes compiled once. */
export interface CompiledRule {
  rule: ChannelRule;
  aliases: string[];
  source?: RegExp;
  medium?: RegExp;
  campaign?: RegExp;
  referrer?: RegExp;
}

const FIELDS = ['source', 'medium', 'campaign', 'referrer'] as const;

function parseAliases(raw: string | null | undefined): string[] {
  const text = raw?.trim();
  if (!text) return [];
  if (text.startsWith('[')) {
    try {
      const list = JSON.parse(text) as unknown;
      if (Array.isArray(list)) return list.map(String).filter((s) => s.trim());
    } catch {
      // not JSON: fall through to the separated form
    }
  }
  return text
    .split(/[,，;；|]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Compiles channel_rules rows in evaluation order (lower priority number first); bad regexes name the rule. */
export function compileChannelRules(rules: readonly ChannelRule[]): CompiledRule[] {
  const problems: { message: string; loc: ErrorLocation }[] = [];
  const compiled = [...rules]
    .sort((a, b) => a.priority - b.priority || a.rule_id.localeCompare(b.rule_id))
    .map((rule) => {
      const out: CompiledRule = { rule, aliases: parseAliases(rule.aliases) };
      for (const f of FIELDS) {
        const pattern = rule[`${f}_pattern`]?.trim();
        if (!pattern) continue;
        try {
          out[f] = new RegExp(pattern, 'i');
        } catch (e) {
          problems.push({
            message: `channel rule ${rule.rule_id} field ${f}_pattern: invalid regex (${(e as Error).message})`,
            loc: { column: `${f}_pattern`, field: rule.rule_id },
          });
        }
      }
      return out;
    });
  if (problems.length) {
    throw new ValidationError(
      problems[0]!.message,
      problems.map((p) => ({ file: 'channel_rules', column: p.loc.column, field: p.loc.field })),
    );
  }
  return compiled;
}

/** Whether every pattern a rule sets matches; a rule without patterns only names aliases and matches nothing. */
export function matchRule(
  r: CompiledRule,
  t: { source: string; medium: string; campaign: string | null; referrer: string | undefined },
): boolean {
  if (!r.source && !r.medium && !r.campaign && !r.referrer) return false;
  if (r.source && !r.source.test(t.source)) return false;
  if (r.medium && !r.medium.test(t.medium)) return false;
  if (r.campaign && !r.campaign.test(t.campaign ?? '')) return false;
  if (r.referrer && !r.referrer.test(t.referrer ?? '')) return false;
  return true;
}
