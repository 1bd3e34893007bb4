import type { Engine } from '../../warehouse/engine.js';
import { sqlTimestamp } from '../schema/time.js';

/** A later fact about an existing lead (a CRM deal won or lost), applied with versioning. */
export interface LeadPatch {
  leadId: string;
  wonAt?: Date | undefined;
  lostAt?: Date | undefined;
}

/** Merges patches per lead: the earliest win, the latest loss. */
function combine(patches: LeadPatch[]): LeadPatch[] {
  const byLead = new Map<string, LeadPatch>();
  for (const p of patches) {
    const prev = byLead.get(p.leadId);
    if (!prev) {
      byLead.set(p.leadId, { ...p });
      continue;
    }
    if (p.wonAt && (!prev.wonAt || p.wonAt < prev.wonAt)) prev.wonAt = p.wonAt;
    if (p.lostAt && (!prev.lostAt || p.lostAt > prev.lostAt)) prev.lostAt = p.lostAt;
  }
  return [...byLead.values()];
}

/** Sets won_at / lost_at on existing leads, keeping the previous version for rollback; returns counts. */
export async function applyPatches(
  tx: Engine,
  patches: LeadPatch[],
  importId: string,
  timeZone: string,
): Promise<{ updated: number; missing: number; periodStart: string | null; periodEnd: string | null }> {
  const stage = `__patch_${importId.replace(/\W/g, '_')}`;
  await tx.exec(`CREATE TEMP TABLE ${stage} (lead_id VARCHAR, won_at TIMESTAMP, lost_at TIMESTAMP)`);
  try {
    await tx.append(
      stage,
      ['lead_id', 'won_at', 'lost_at'],
      combine(patches).map((p) => [
        p.leadId,
        p.wonAt ? sqlTimestamp(p.wonAt) : null,
        p.lostAt ? sqlTimestamp(p.lostAt) : null,
      ]),
    );
    const differs = `((p.won_at IS NOT NULL AND l.won_at IS DISTINCT FROM p.won_at)
      OR (p.lost_at IS NOT NULL AND l.lost_at IS DISTINCT FROM p.lost_at))`;
    const [counts] = await tx.query<{ missing: number; changed: number }>(
      `SELECT count(*) FILTER (WHERE l.lead_id IS NULL) AS missing,
              count(*) FILTER (WHERE l.lead_id IS NOT NULL AND ${differs}) AS changed
       FROM ${stage} p LEFT JOIN leads l ON l.lead_id = p.lead_id`,
    );
    const changed = Number(counts?.changed ?? 0);
    let range: { lo: string | null; hi: string | null } | undefined;
    if (changed > 0) {
      // the old and new won/lost dates of the patched leads: the import touches those days too
      const local = (c: string) => `CAST(timezone($1, timezone('UTC', ${c})) AS DATE)`;
      const dates = ['l.won_at', 'l.lost_at', 'p.won_at', 'p.lost_at'].map(local).join(', ');
      [range] = await tx.query<{ lo: string | null; hi: string | null }>(
        `SELECT min(least(${dates}))::VARCHAR AS lo, max(greatest(${dates}))::VARCHAR AS hi
         FROM ${stage} p JOIN leads l ON l.lead_id = p.lead_id WHERE ${differs}`,
        [timeZone],
      );
      await tx.exec(
        `INSERT INTO row_versions (import_id, table_name, row_key, old_row, replaced_at)
         SELECT $1, 'leads', l.row_key, to_json(l)::VARCHAR, now()::TIMESTAMP
         FROM leads l JOIN ${stage} p ON l.lead_id = p.lead_id WHERE ${differs}
         ON CONFLICT DO NOTHING`,
        [importId],
      );
      await tx.exec(
        `UPDATE leads SET won_at = coalesce(p.won_at, leads.won_at), lost_at = coalesce(p.lost_at, leads.lost_at)
         FROM ${stage} p WHERE leads.lead_id = p.lead_id
           AND ((p.won_at IS NOT NULL AND leads.won_at IS DISTINCT FROM p.won_at)
             OR (p.lost_at IS NOT NULL AND leads.lost_at IS DISTINCT FROM p.lost_at))`,
      );
    }
    return {
      updated: changed,
      missing: Number(counts?.missing ?? 0),
      periodStart: range?.lo ?? null,
      periodEnd: range?.hi ?? null,
    };
  } finally {
    await tx.exec(`DROP TABLE IF EXISTS ${stage}`).catch(() => undefined);
  }
}
