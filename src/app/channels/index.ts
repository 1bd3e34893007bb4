import { randomUUID } from 'node:crypto';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import type { Engine } from '../../warehouse/engine.js';
import { recordAudit } from '../audit/index.js';

const PATTERN_FIELDS = ['source_pattern', 'medium_pattern', 'campaign_pattern', 'referrer_pattern'] as const;

/** What a caller sends to create a channel rule. */
export interface ChannelRuleInput {
  priority: number;
  channel: string;
  channel_group?: string | null | undefined;
  source_pattern?: string | null | undefined;
  medium_pattern?: string | null | undefined;
  campaign_pattern?: string | null | undefined;
  referrer_pattern?: string | null | undefined;
  aliases?: string[] | undefined;
}

/** A stored channel rule as the API returns it (aliases as a list). */
export interface ChannelRuleRecord {
  rule_id: string;
  priority: number;
  channel: string;
  channel_group: string | null;
  source_pattern: string | null;
  medium_pattern: string | null;
  campaign_pattern: string | null;
  referrer_pattern: string | null;
  aliases: string[];
  created_by: string | null;
  created_at: string | null;
}

/** Rules change how rows are classified when they are imported; existing rows keep their derived channel. */
export const RULES_APPLY_TO = 'future_imports' as const;

/** A channel_rules row as stored (aliases as text, time as a Date). */
type RuleRow = Omit<ChannelRuleRecord, 'aliases' | 'created_at'> & { aliases: string | null; created_at: Date | null };

function parseStoredAliases(raw: string | null): string[] {
  if (!raw?.trim()) return [];
  try {
    const list = JSON.parse(raw) as unknown;
    if (Array.isArray(list)) return list.map(String);
  } catch {
    // older rows may hold a comma separated list
  }
  return raw
    .split(/[,，;；|]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function toRecord(row: RuleRow): ChannelRuleRecord {
  return {
    ...row,
    priority: Number(row.priority),
    aliases: parseStoredAliases(row.aliases),
    created_at: row.created_at ? row.created_at.toISOString() : null,
  };
}

const blankToNull = (value: string | null | undefined): string | null => (value?.trim() ? value.trim() : null);

/** Checks that every given pattern compiles as a case-insensitive regex; a 422 names the first bad field. */
export function validateRulePatterns(input: ChannelRuleInput): void {
  for (const field of PATTERN_FIELDS) {
    const pattern = blankToNull(input[field]);
    if (!pattern) continue;
    try {
      new RegExp(pattern, 'i');
    } catch (error) {
      throw new ValidationError(`field ${field}: invalid regular expression (${(error as Error).message})`, [
        { field },
      ]);
    }
  }
}

/** Every channel rule in evaluation order (lower priority number first). */
export async function listChannelRules(engine: Engine): Promise<ChannelRuleRecord[]> {
  const rows = await engine.query<RuleRow>(
    `SELECT rule_id, priority, channel, channel_group, source_pattern, medium_pattern, campaign_pattern,
            referrer_pattern, aliases, created_by, created_at FROM channel_rules ORDER BY priority, rule_id`,
  );
  return rows.map(toRecord);
}

/** Loads one rule or throws NotFoundError. */
export async function getChannelRule(engine: Engine, ruleId: string): Promise<ChannelRuleRecord> {
  const [row] = await engine.query<RuleRow>(
    `SELECT rule_id, priority, channel, channel_group, source_pattern, medium_pattern, campaign_pattern,
            referrer_pattern, aliases, created_by, created_at FROM channel_rules WHERE rule_id = $1`,
    [ruleId],
  );
  if (!row) throw new NotFoundError(`channel rule ${ruleId} not found`);
  return toRecord(row);
}

/** Validates and stores a new channel rule (audited); it applies to rows imported afterwards. */
export async function createChannelRule(
  engine: Engine,
  input: ChannelRuleInput,
  actor: string,
): Promise<ChannelRuleRecord> {
  validateRulePatterns(input);
  const channel = input.channel.trim();
  if (!channel) throw new ValidationError('field channel: required', [{ field: 'channel' }]);
  const aliases = (input.aliases ?? []).map((a) => a.trim()).filter(Boolean);
  const ruleId = randomUUID();
  return engine.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO channel_rules (rule_id, priority, channel, channel_group, source_pattern, medium_pattern,
         campaign_pattern, referrer_pattern, aliases, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now()::TIMESTAMP)`,
      [
        ruleId,
        input.priority,
        channel,
        blankToNull(input.channel_group),
        ...PATTERN_FIELDS.map((f) => blankToNull(input[f])),
        aliases.length ? JSON.stringify(aliases) : null,
        actor,
      ],
    );
    const rule = await getChannelRule(tx, ruleId);
    await recordAudit(tx, { actor, entity: 'channel_rule', entity_id: ruleId, action: 'create', after: rule });
    return rule;
  });
}

/** Deletes a channel rule (audited with its former content); rows already imported keep their channel. */
export async function deleteChannelRule(engine: Engine, ruleId: string, actor: string): Promise<ChannelRuleRecord> {
  return engine.transaction(async (tx) => {
    const rule = await getChannelRule(tx, ruleId);
    await tx.query('DELETE FROM channel_rules WHERE rule_id = $1', [ruleId]);
    await recordAudit(tx, { actor, entity: 'channel_rule', entity_id: ruleId, action: 'delete', before: rule });
    return rule;
  });
}
