import type { RawRow, SourceRecord } from '../types.js';
import { columnGetter, findHeaderRow, isBlankRow } from './table-helpers.js';
import type { ParsedExport, SourceFormat } from './types.js';

const COLUMNS = {
  id: ['Record ID', 'Contact ID', 'Contact id', 'hs_object_id', 'vid', 'Record ID - Contact'],
  created: ['Create Date', 'Created Date', 'Create date', 'createdate'],
  email: ['Email', 'Email Address'],
  phone: ['Phone Number', 'Mobile Phone Number', 'Phone'],
  stage: ['Lifecycle Stage', 'lifecyclestage'],
  mql: ['Became a Marketing Qualified Lead Date', 'Date entered "Marketing Qualified Lead (Lifecycle Stage Pipeline)"'],
  sql: ['Became a Sales Qualified Lead Date', 'Date entered "Sales Qualified Lead (Lifecycle Stage Pipeline)"'],
  opportunity: ['Became an Opportunity Date', 'Date entered "Opportunity (Lifecycle Stage Pipeline)"'],
  customer: ['Became a Customer Date', 'Date entered "Customer (Lifecycle Stage Pipeline)"'],
  source: ['Original Source', 'Original Traffic Source', 'hs_analytics_source'],
  drill1: ['Original Source Drill-Down 1', 'Original Traffic Source Drill-Down 1', 'hs_analytics_source_data_1'],
  drill2: ['Original Source Drill-Down 2', 'Original Traffic Source Drill-Down 2', 'hs_analytics_source_data_2'],
  owner: ['Contact owner', 'Contact Owner', 'HubSpot Owner', 'hubspot_owner_id'],
  score: ['HubSpot Score', 'Lead Score'],
  segment: ['Industry', 'Persona', 'Lead Status'],
};

/** HubSpot "Original Source" → source/medium the channel classifier understands. */
export function hubspotSourceMedium(
  original: string | undefined,
  drill1: string | undefined,
  drill2: string | undefined,
): { source?: string | undefined; medium?: string | undefined; campaign?: string | undefined } {
  const key = (original ?? '').toUpperCase().replace(/[\s-]+/g, '_');
  const from = drill1 && !/^(unknown|other)/i.test(drill1) ? drill1.toLowerCase() : undefined;
  switch (key) {
    case 'ORGANIC_SEARCH':
      return { source: from ?? 'organic search', medium: 'organic' };
    case 'PAID_SEARCH':
      return { source: from ?? 'paid search', medium: 'cpc', campaign: drill2 };
    case 'SOCIAL_MEDIA':
    case 'ORGANIC_SOCIAL':
      return { source: from ?? 'social', medium: 'social' };
    case 'PAID_SOCIAL':
      return { source: from ?? 'social', medium: 'paid_social', campaign: drill2 };
    case 'EMAIL_MARKETING':
      return { source: from ?? 'email', medium: 'email', campaign: drill2 };
    case 'REFERRALS':
      return { source: from, medium: 'referral' };
    case 'DIRECT_TRAFFIC':
      return { source: '(direct)', medium: '(none)' };
    case 'OFFLINE':
    case 'OFFLINE_SOURCES':
      return { source: 'offline', medium: 'offline' };
    case 'OTHER_CAMPAIGNS':
      return { source: from, medium: 'campaign', campaign: drill2 };
    case 'AI_REFERRALS':
      return { source: from, medium: 'referral' };
    default:
      return original ? { source: from ?? original.toLowerCase(), medium: undefined } : {};
  }
}

/** Parses a HubSpot contacts export → leads (lifecycle stage dates → mql_at/sql_at/opportunity_at/won_at). */
export function parseHubspotContacts(rows: RawRow[], ctx: { file: string; timeZone: string }): ParsedExport {
  const errors: ParsedExport['errors'] = [];
  const h = findHeaderRow(rows, [COLUMNS.id, COLUMNS.created, COLUMNS.email, COLUMNS.stage], 2);
  if (h < 0) {
    errors.push({
      file: ctx.file,
      row: 1,
      column: 'Record ID',
      message: 'no HubSpot contacts header (Record ID, Create Date, Email, …)',
    });
    return { records: [], errors, warnings: [], skipped: 0 };
  }
  const header = rows[h] as RawRow;
  const col = columnGetter(header.cells, COLUMNS);
  if (!col.has('id'))
    errors.push({
      file: ctx.file,
      row: header.line,
      column: 'Record ID',
      message: 'missing required column Record ID',
    });
  if (!col.has('created'))
    errors.push({
      file: ctx.file,
      row: header.line,
      column: 'Create Date',
      message: 'missing required column Create Date',
    });
  if (errors.length > 0) return { records: [], errors, warnings: [], skipped: 0 };
  const records: SourceRecord[] = [];
  for (const row of rows.slice(h + 1)) {
    if (isBlankRow(row)) continue;
    const sm = hubspotSourceMedium(col.get(row, 'source'), col.get(row, 'drill1'), col.get(row, 'drill2'));
    records.push({
      row: row.line,
      values: {
        lead_id: col.get(row, 'id'),
        created_at: col.get(row, 'created'),
        email: col.get(row, 'email'),
        phone: col.get(row, 'phone'),
        source: sm.source,
        medium: sm.medium,
        campaign: sm.campaign,
        owner_id: col.get(row, 'owner'),
        mql_at: col.get(row, 'mql'),
        sql_at: col.get(row, 'sql'),
        opportunity_at: col.get(row, 'opportunity'),
        won_at: col.get(row, 'customer'),
        lead_score: col.get(row, 'score'),
        segment: col.get(row, 'segment'),
      },
    });
  }
  return { records, errors, warnings: [], skipped: 0 };
}

export const hubspotContactsFormat: SourceFormat = {
  id: 'hubspot-contacts',
  table: 'leads',
  label: { zh: 'HubSpot 联系人导出', en: 'HubSpot contacts export' },
  parse: parseHubspotContacts,
};
