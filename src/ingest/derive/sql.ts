import { CLICK_IDS } from '../../core/channels/index.js';
import { storedName, TABLES } from '../schema/tables.js';

const clickAlternation = Object.keys(CLICK_IDS).join('|');

/** The events columns an importer fills: row_key and the canonical input columns (the rest are derived here). */
export const EVENT_INPUT_COLUMNS: readonly string[] = [
  'row_key',
  ...(TABLES.events as NonNullable<(typeof TABLES)['events']>).columns.map(storedName),
];

/**
 * SQL: whether a URL column starts with an authority: `//` before any other `/`, `?` or `#` (`https://host…`,
 * `//host…`), not a relative path that carries a URL in its query (`/login?next=https://…`). Prefix tests first:
 * the regex for other schemes runs only on the rows they leave (on every row it cost a tenth more of the staging).
 */
const hasAuthority = (col: string) =>
  `(starts_with(${col}, 'https://') OR starts_with(${col}, 'http://') OR starts_with(${col}, '//')
    OR (contains(${col}, '//') AND regexp_matches(${col}, '^[^/?#]*//')))`;

/** SQL: the authority part (host[:port], maybe user@) of a URL column or bare host ('' for a relative path). */
const authoritySql = (col: string) =>
  `split_part(split_part(split_part(CASE WHEN ${hasAuthority(col)} THEN split_part(${col}, '//', 2) ELSE ${col} END,
    '/', 1), '?', 1), '#', 1)`;

/**
 * SQL: a utm_* column, or the same parameter read from the page URL when the column is empty. `q` is the page URL
 * lowercased when it has a parameter at all (NULL otherwise): cheap substring tests pick the rows a regex must read.
 */
const utmSql = (name: 'source' | 'medium' | 'campaign') =>
  `coalesce(nullif(trim(utm_${name}), ''), CASE WHEN contains(q, 'utm_${name}=') THEN nullif(trim(url_decode(
    replace(regexp_extract(page_url, '(?i)[?&]utm_${name}=([^&#]*)', 1), '+', ' '))), '') END)`;

/** SQL: whether the lowercased page URL `q` may carry an ad click id (the regex then says which). */
const clickCandidate = Object.keys(CLICK_IDS)
  .map((k) => `contains(q, '${k}=')`)
  .join(' OR ');

const stripWww = (h: string) => `nullif(CASE WHEN starts_with(${h}, 'www.') THEN substr(${h}, 5) ELSE ${h} END, '')`;

/**
 * SQL query over the events of one import (`from`: a FROM clause, by default the events table's rows of import $1)
 * giving, per row: row_key, page_url, the touch key parts k_source, k_medium,
 * k_campaign, k_ref, k_click (utm source/medium/campaign, external referrer host, ad click id; '' when absent),
 * page_path and referrer_host, plus the `extra` events columns as they are. Built in stages so every expression is
 * evaluated once per row, with string functions rather than regexes where possible.
 */
export function eventTouchSql(extra: readonly string[] = [], from = 'events WHERE import_id = $1'): string {
  const pass = extra.map((c) => `${c}, `).join('');
  return `WITH s0 AS (
      SELECT *, CASE WHEN contains(page_url, '=') THEN lower(page_url) END AS q FROM ${from}
    ), s1 AS (
      SELECT ${pass}row_key, page_url, ${authoritySql('referrer')} AS ref_auth, ${authoritySql('page_url')} AS page_auth,
        CASE WHEN ${hasAuthority('page_url')} THEN substr(page_url, strpos(page_url, '//') + 2) END AS rest,
        ${utmSql('source')} AS u_source, ${utmSql('medium')} AS u_medium, ${utmSql('campaign')} AS u_campaign,
        CASE WHEN ${clickCandidate} THEN nullif(regexp_extract(q, '[?&](${clickAlternation})=', 1), '') END AS click
      FROM s0
    ), s2 AS (
      SELECT *, lower(split_part(split_part(ref_auth, '@', -1), ':', 1)) AS ref_h0,
        lower(split_part(split_part(page_auth, '@', -1), ':', 1)) AS page_h0,
        -- after the authority: the path when it starts with '/' (else the URL has none: 'https://host?x=/y')
        CASE WHEN rest IS NULL THEN page_url WHEN starts_with(substr(rest, length(page_auth) + 1), '/')
          THEN substr(rest, length(page_auth) + 1) ELSE '/' END AS path0
      FROM s1
    ), s3 AS (
      SELECT *, ${stripWww('ref_h0')} AS referrer_host, ${stripWww('page_h0')} AS page_host,
        CASE WHEN page_url IS NULL THEN NULL
          ELSE coalesce(nullif(split_part(split_part(path0, '?', 1), '#', 1), ''), '/') END AS page_path
      FROM s2
    )
    SELECT ${pass}row_key, page_url, page_path, referrer_host, coalesce(u_source, '') AS k_source, coalesce(u_medium, '') AS k_medium,
      coalesce(u_campaign, '') AS k_campaign, coalesce(click, '') AS k_click,
      -- the page's own site as referrer is internal navigation, not a new touch
      CASE WHEN referrer_host IS NULL OR (page_host IS NOT NULL AND (referrer_host = page_host
          OR ends_with(referrer_host, '.' || page_host) OR ends_with(page_host, '.' || referrer_host)))
        THEN '' ELSE referrer_host END AS k_ref
    FROM s3`;
}

/** A collision-free name for a temporary table. */
export function tempName(prefix: string): string {
  return `__${prefix}_${Math.random().toString(36).slice(2, 10)}`;
}
