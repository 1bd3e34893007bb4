import type { ChannelClassifier, ChannelGroup } from '../../core/channels/index.js';
import type { Engine } from '../../warehouse/engine.js';
import { tempName } from './sql.js';

/** Which channel-describing columns each non-event fact table has. */
const TABLES: Record<string, { sourceMedium: boolean; platform: boolean; campaign: boolean }> = {
  leads: { sourceMedium: true, platform: false, campaign: true },
  orders: { sourceMedium: true, platform: false, campaign: true },
  traffic: { sourceMedium: true, platform: false, campaign: true },
  spend: { sourceMedium: false, platform: true, campaign: true },
  content: { sourceMedium: false, platform: false, campaign: false },
  surveys: { sourceMedium: false, platform: false, campaign: false },
};

/** The tables whose channel columns deriveRowChannels fills. */
export const CHANNEL_TABLES = Object.keys(TABLES);

interface RowKey {
  k_channel: string;
  k_group: string;
  k_source: string;
  k_medium: string;
  k_campaign: string;
  k_platform: string;
}

/** Channel of a row that names a channel, a platform, a group or a source/medium (in that order of preference). */
export function resolveRowChannel(
  classifier: ChannelClassifier,
  row: {
    channel?: string;
    channel_group?: string;
    source?: string;
    medium?: string;
    campaign?: string;
    platform?: string;
  },
): { channel: string; channel_group: string; source?: string; medium?: string } | undefined {
  const paid = (g: ChannelGroup | undefined) => g !== undefined && (g.startsWith('Paid') || g === 'Display');
  const platform = row.platform ? classifier.resolveChannelName(row.platform) : undefined;
  if (row.channel) {
    const named = classifier.resolveChannelName(row.channel);
    // spend on an ad platform is paid even when the row names the organic account (巨量引擎 + 抖音 → 抖音投放)
    if (named && platform && paid(platform.channel_group) && !paid(named.channel_group)) return platform;
    if (named) return named;
    return { channel: row.channel.trim(), channel_group: row.channel_group || platform?.channel_group || 'Unassigned' };
  }
  if (row.source || row.medium) {
    const r = classifier.classifyChannel({
      source: row.source ?? null,
      medium: row.medium ?? null,
      campaign: row.campaign ?? null,
    });
    return { channel: r.channel, channel_group: r.channel_group, source: r.source, medium: r.medium };
  }
  if (platform) return platform;
  if (row.channel_group) return classifier.resolveChannelName(row.channel_group);
  return undefined;
}

/**
 * Fills channel/channel_group (and canonical source/medium where the table has them) for the rows of one import
 * of leads, orders, traffic, spend, content or surveys; distinct combinations are resolved once and joined back.
 */
export async function deriveRowChannels(tx: Engine, table: string, importId: string, classifier: ChannelClassifier) {
  const cfg = TABLES[table];
  if (!cfg) return;
  const expr = {
    k_channel: `coalesce(trim(channel), '')`,
    k_group: `coalesce(trim(channel_group), '')`,
    k_source: cfg.sourceMedium ? `coalesce(trim(source), '')` : `''`,
    k_medium: cfg.sourceMedium ? `coalesce(trim(medium), '')` : `''`,
    k_campaign: cfg.campaign ? `coalesce(trim(campaign), '')` : `''`,
    k_platform: cfg.platform ? `coalesce(trim(platform), '')` : `''`,
  };
  const cols = Object.keys(expr) as (keyof RowKey)[];
  const combos = await tx.query<RowKey & Record<string, unknown>>(
    `SELECT DISTINCT ${cols.map((c) => `${expr[c]} AS ${c}`).join(', ')} FROM ${table} WHERE import_id = $1`,
    [importId],
  );
  const rows: unknown[][] = [];
  for (const k of combos) {
    const r = resolveRowChannel(classifier, {
      channel: k.k_channel || undefined,
      channel_group: k.k_group || undefined,
      source: k.k_source || undefined,
      medium: k.k_medium || undefined,
      campaign: k.k_campaign || undefined,
      platform: k.k_platform || undefined,
    });
    if (r) rows.push([...cols.map((c) => k[c]), r.channel, r.channel_group, r.source ?? null, r.medium ?? null]);
  }
  if (rows.length === 0) return;
  const tmp = tempName('dim');
  await tx.exec(
    `CREATE TEMP TABLE ${tmp} (${cols.map((c) => `${c} VARCHAR`).join(', ')}, channel VARCHAR, channel_group VARCHAR,
      source VARCHAR, medium VARCHAR)`,
  );
  try {
    await tx.append(tmp, [...cols, 'channel', 'channel_group', 'source', 'medium'], rows);
    const sets = ['channel = d.channel', 'channel_group = d.channel_group'];
    if (cfg.sourceMedium)
      sets.push(`source = coalesce(d.source, ${table}.source)`, `medium = coalesce(d.medium, ${table}.medium)`);
    await tx.exec(
      `UPDATE ${table} SET ${sets.join(', ')} FROM ${tmp} d
       WHERE ${table}.import_id = $1 AND ${cols.map((c) => `d.${c} = ${expr[c].replaceAll('trim(', `trim(${table}.`)}`).join(' AND ')}`,
      [importId],
    );
  } finally {
    await tx.exec(`DROP TABLE IF EXISTS ${tmp}`).catch(() => undefined);
  }
}
