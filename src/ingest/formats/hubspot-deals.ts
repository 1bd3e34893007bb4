import { parseInstant } from '../schema/dates.js';
import type { RawRow, SourceRecord } from '../types.js';
import type { LeadPatch } from '../write/patches.js';
import { columnGetter, findHeaderRow, isBlankRow } from './table-helpers.js';
import type { ParsedExport, SourceFormat } from './types.js';

const COLUMNS = {
  id: ['Record ID', 'Deal ID', 'hs_object_id', 'Record ID - Deal'],
  amount: ['Amount', 'Amount in company currency', 'amount'],
  closed: ['Close Date', 'closedate'],
  stage: ['Deal Stage', 'dealstage'],
  created: ['Create Date', 'createdate'],
  contacts: ['Associated Contact IDs', 'Associated Contact', 'Associated Contacts', 'Contact IDs'],
  owner: ['Deal owner', 'Deal Owner', 'hubspot_owner_id'],
  currency: ['Currency', 'Deal currency code'],
};

function stageOf(stage: string | undefined): 'won' | 'lost' | 'open' {
  const s = (stage ?? '').toLowerCase().replace(/[\s_-]+/g, '');
  if (/closedwon|^won$|赢单|成交|已成交/.test(s)) return 'won';
  if (/closedlost|^lost$|输单|丢单|失败/.test(s)) return 'lost';
  return 'open';
}

/** The contact ids of a deal ("123;456", "123, 456", or "Name (123)"). */
export function contactIds(cell: string | undefined): string[] {
  if (!cell) return [];
  return cell
    .split(/[;,，；]/)
    .map((part) => {
      const inParens = /\((\d+)\)\s*$/.exec(part);
      return (inParens?.[1] ?? part).trim();
    })
    .filter((id) => id !== '');
}

/** Parses a HubSpot deals export → orders for closed-won deals, and won_at / lost_at onto the deals' contacts (leads). */
export function parseHubspotDeals(rows: RawRow[], ctx: { file: string; timeZone: string }): ParsedExport {
  const errors: ParsedExport['errors'] = [];
  const warnings: string[] = [];
  const h = findHeaderRow(rows, [COLUMNS.id, COLUMNS.stage, COLUMNS.amount, COLUMNS.closed], 2);
  if (h < 0) {
    errors.push({
      file: ctx.file,
      row: 1,
      column: 'Deal Stage',
      message: 'no HubSpot deals header (Record ID, Deal Stage, Amount, Close Date)',
    });
    return { records: [], errors, warnings, skipped: 0 };
  }
  const header = rows[h] as RawRow;
  const col = columnGetter(header.cells, COLUMNS);
  for (const [key, name] of [
    ['id', 'Record ID'],
    ['stage', 'Deal Stage'],
    ['closed', 'Close Date'],
    ['amount', 'Amount'],
  ] as const) {
    if (!col.has(key))
      errors.push({ file: ctx.file, row: header.line, column: name, message: `missing required column ${name}` });
  }
  if (errors.length > 0) return { records: [], errors, warnings, skipped: 0 };
  const records: SourceRecord[] = [];
  const leadPatches: LeadPatch[] = [];
  let skipped = 0;
  let wonWithoutAmount = 0;
  for (const row of rows.slice(h + 1)) {
    if (isBlankRow(row)) continue;
    const stage = stageOf(col.get(row, 'stage'));
    const contacts = contactIds(col.get(row, 'contacts'));
    const closedText = col.get(row, 'closed');
    const closed = closedText ? parseInstant(closedText, ctx.timeZone) : undefined;
    if (stage !== 'open' && closedText && !closed) {
      errors.push({ file: ctx.file, row: row.line, column: 'Close Date', message: `unparseable date "${closedText}"` });
      continue;
    }
    if (stage !== 'open' && closed) {
      for (const leadId of contacts)
        leadPatches.push(stage === 'won' ? { leadId, wonAt: closed } : { leadId, lostAt: closed });
    }
    const amount = col.get(row, 'amount');
    if (stage !== 'won' || !amount || amount === '--') {
      if (stage === 'won') wonWithoutAmount++;
      skipped++;
      continue;
    }
    const id = col.get(row, 'id');
    const first = contacts[0];
    if (!first) warnings.push(`deal ${id} (row ${row.line}) has no associated contact: customer_id is the deal id`);
    records.push({
      row: row.line,
      values: {
        order_id: id,
        customer_id: first ?? (id ? `hubspot-deal-${id}` : undefined),
        ordered_at: closedText,
        amount,
        currency: col.get(row, 'currency'),
        status: 'paid',
        lead_id: first,
        owner_id: col.get(row, 'owner'),
      },
    });
  }
  if (wonWithoutAmount > 0)
    warnings.push(`${wonWithoutAmount} won deal(s) without an amount were not imported as orders`);
  return { records, errors, warnings, skipped, leadPatches };
}

export const hubspotDealsFormat: SourceFormat = {
  id: 'hubspot-deals',
  table: 'orders',
  label: { zh: 'HubSpot 交易导出', en: 'HubSpot deals export' },
  parse: parseHubspotDeals,
};
