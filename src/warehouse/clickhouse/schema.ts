import type { Engine } from '../engine.js';
import { clickhouseDialect as d } from './dialect.js';

/**
 * ClickHouse DDL for the tables the metric engine reads: the canonical fact tables as the DuckDB migrations leave
 * them (same names, columns and nullability; schema.test.ts compares), derived sessions and identities, and
 * people (the team dimension). Instants are DateTime64(3, 'UTC'), export days Date, money Decimal(18, 2).
 * MergeTree ordered by time (partitioned by month) so a period's query reads only its parts; optional
 * `ON CLUSTER` with Replicated/Distributed tables for a cluster.
 */

const TS = "DateTime64(3, 'UTC')";

interface TableSpec {
  /** `name Type`, a trailing `?` makes the column Nullable */
  columns: string[];
  orderBy: string;
  partitionBy?: string;
  /** sharding key of the Distributed table (default rand()) */
  shardKey?: string;
}

const text = (names: string) => names.split(/\s+/).map((n) => `${n} String?`);

/** Column specs per table, in the DuckDB schema's order. */
export const CLICKHOUSE_TABLES: Record<string, TableSpec> = {
  events: {
    columns: [
      'row_key String',
      'event_id String?',
      `occurred_at ${TS}`,
      'visitor_id String',
      'event_type String',
      ...text('user_id session_id page_url page_path referrer referrer_host utm_source utm_medium utm_campaign'),
      ...text('utm_content utm_term user_agent properties source medium channel_group channel campaign'),
      'is_bot Bool DEFAULT false',
      ...text('session_key person_key landing_page import_id row_hash'),
    ],
    orderBy: '(toDate(occurred_at), event_type, visitor_id)',
    partitionBy: 'toYYYYMM(occurred_at)',
    shardKey: 'cityHash64(visitor_id)',
  },
  sessions: {
    columns: [
      'session_key String',
      'visitor_id String',
      'person_key String?',
      `started_at ${TS}`,
      `ended_at ${TS}`,
      ...text('landing_page source medium campaign channel_group channel'),
      'is_bot Bool DEFAULT false',
      'events Int64',
      'pageviews Int64',
      'engaged Bool DEFAULT false',
      'converted Bool DEFAULT false',
    ],
    orderBy: '(toDate(started_at), visitor_id)',
    partitionBy: 'toYYYYMM(started_at)',
    shardKey: 'cityHash64(visitor_id)',
  },
  identities: {
    columns: ['id_type String', 'id_value String', 'person_key String', `first_seen ${TS}?`, 'import_id String?'],
    orderBy: '(id_type, id_value)',
  },
  traffic: {
    columns: [
      'row_key String',
      'date Date',
      ...text('source medium channel_group channel campaign landing_page'),
      ...['sessions', 'users', 'new_users', 'pageviews', 'engaged_sessions'].map((c) => `${c} Int64?`),
      'conversions Float64?',
      'revenue Decimal(18, 2)?',
      'bounce_rate Float64?',
      'avg_duration_s Float64?',
      'range_start Date?',
      'range_end Date?',
      ...text('source_format import_id row_hash'),
    ],
    orderBy: '(date, row_key)',
    partitionBy: 'toYYYYMM(date)',
  },
  leads: {
    columns: [
      'row_key String',
      'lead_id String',
      `created_at ${TS}`,
      ...text('visitor_id email_hash phone_hash source medium channel_group channel campaign content_id'),
      ...text('landing_page owner_id sales_owner_id'),
      ...['mql_at', 'sql_at', 'opportunity_at', 'won_at', 'lost_at'].map((c) => `${c} ${TS}?`),
      'segment String?',
      'lead_score Float64?',
      ...text('person_key import_id row_hash'),
    ],
    orderBy: '(created_at, lead_id)',
    partitionBy: 'toYYYYMM(created_at)',
  },
  orders: {
    columns: [
      'row_key String',
      'order_id String',
      'customer_id String',
      `ordered_at ${TS}`,
      'amount Decimal(18, 2)',
      "currency String DEFAULT 'CNY'",
      "status String DEFAULT 'paid'",
      `refunded_at ${TS}?`,
      ...text('lead_id source medium channel_group channel campaign owner_id person_key import_id row_hash'),
    ],
    orderBy: '(ordered_at, order_id)',
    partitionBy: 'toYYYYMM(ordered_at)',
    shardKey: 'cityHash64(customer_id)',
  },
  spend: {
    columns: [
      'row_key String',
      'date Date',
      'amount Decimal(18, 2)',
      ...text('platform channel_group channel campaign'),
      'impressions Int64?',
      'clicks Int64?',
      'conversions Float64?',
      ...text('owner_id source_format import_id row_hash'),
    ],
    orderBy: '(date, row_key)',
    partitionBy: 'toYYYYMM(date)',
  },
  content: {
    columns: [
      'row_key String',
      'date Date',
      'content_id String',
      ...text('title content_type channel_group channel owner_id'),
      ...['impressions', 'views', 'clicks', 'shares', 'downloads', 'leads'].map((c) => `${c} Int64?`),
      ...text('import_id row_hash'),
    ],
    orderBy: '(date, content_id)',
    partitionBy: 'toYYYYMM(date)',
  },
  surveys: {
    columns: [
      'row_key String',
      'response_id String',
      `answered_at ${TS}`,
      'customer_id String?',
      'nps Int32?',
      'rating Float64?',
      ...text('channel_group channel segment owner_id comment import_id row_hash'),
    ],
    orderBy: '(answered_at, response_id)',
    partitionBy: 'toYYYYMM(answered_at)',
  },
  experiments: {
    columns: [
      'row_key String',
      'experiment_id String',
      'variant String',
      ...text('name owner_id'),
      'visitors Int64',
      'conversions Int64',
      `started_at ${TS}?`,
      `ended_at ${TS}?`,
      'is_control Bool?',
      ...text('channel import_id row_hash'),
    ],
    orderBy: '(experiment_id, variant)',
  },
  brand_search: {
    columns: [
      'row_key String',
      'date Date',
      'keyword String',
      'source String',
      'volume Int64',
      ...text('import_id row_hash'),
    ],
    orderBy: '(date, keyword)',
    partitionBy: 'toYYYYMM(date)',
  },
  projects: {
    columns: [
      'row_key String',
      'project_id String',
      'name String',
      ...text('departments owner_id'),
      `due_at ${TS}`,
      `completed_at ${TS}?`,
      ...text('status import_id row_hash'),
    ],
    orderBy: '(due_at, project_id)',
  },
  deliverables: {
    columns: [
      'row_key String',
      'deliverable_id String',
      'owner_id String',
      'kind String',
      `due_at ${TS}`,
      `submitted_at ${TS}?`,
      'completeness Float64?',
      ...text('import_id row_hash'),
    ],
    orderBy: '(due_at, deliverable_id)',
  },
  people: {
    columns: [
      'row_key String',
      'person_id String',
      'name String',
      'department String',
      ...text('team title email manager_id role'),
      'active Bool? DEFAULT true',
      ...text('import_id row_hash'),
    ],
    orderBy: '(person_id)',
  },
};

/** Where and how to create the tables. */
export interface ClickHouseSchemaOptions {
  /** Cluster name: tables `<t>_local` ON CLUSTER plus Distributed tables `<t>` over them. */
  cluster?: string;
  /** Database of the tables (Distributed tables need it; default `default`). */
  database?: string;
  /** With a cluster: ReplicatedMergeTree for the local tables (macros {shard} and {replica} must be set). */
  replicated?: boolean;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

function column(spec: string): string {
  const m = /^([a-z_][a-z0-9_]*) (.+?)(\?)?( DEFAULT .+)?$/.exec(spec);
  if (!m) throw new Error(`bad column spec: ${spec}`);
  const [, name, type, nullable, dflt] = m;
  return `${d.ident(name!)} ${nullable ? `Nullable(${type})` : type}${dflt ?? ''}`;
}

/** CREATE TABLE statements for every table (idempotent: IF NOT EXISTS). */
export function clickhouseSchema(options: ClickHouseSchemaOptions = {}): string[] {
  for (const name of [options.cluster, options.database]) {
    if (name !== undefined && !IDENT.test(name)) throw new Error(`bad ClickHouse cluster/database name: ${name}`);
  }
  const db = options.database ?? 'default';
  const qualify = (t: string) => (options.database ? `${d.ident(db)}.${d.ident(t)}` : d.ident(t));
  const onCluster = options.cluster ? ` ON CLUSTER ${d.ident(options.cluster)}` : '';
  const out: string[] = [];
  for (const [table, spec] of Object.entries(CLICKHOUSE_TABLES)) {
    const local = options.cluster ? `${table}_local` : table;
    const engine =
      options.cluster && options.replicated
        ? `ReplicatedMergeTree('/clickhouse/tables/{shard}/${db}/${local}', '{replica}')`
        : 'MergeTree';
    out.push(
      `CREATE TABLE IF NOT EXISTS ${qualify(local)}${onCluster} (${spec.columns.map(column).join(', ')}) ENGINE = ${engine}` +
        `${spec.partitionBy ? ` PARTITION BY ${spec.partitionBy}` : ''} ORDER BY ${spec.orderBy}`,
    );
    if (options.cluster) {
      out.push(
        `CREATE TABLE IF NOT EXISTS ${qualify(table)}${onCluster} AS ${qualify(local)} ` +
          `ENGINE = Distributed(${d.ident(options.cluster)}, ${d.ident(db)}, ${d.ident(local)}, ${spec.shardKey ?? 'rand()'})`,
      );
    }
  }
  return out;
}

/** Creates every table the metric engine reads on a ClickHouse engine (idempotent). */
export async function createClickHouseSchema(engine: Engine, options: ClickHouseSchemaOptions = {}): Promise<void> {
  for (const statement of clickhouseSchema(options)) await engine.exec(statement);
}
