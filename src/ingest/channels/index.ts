import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import {
  type ChannelClassifier,
  type ChannelRule,
  createChannelClassifier,
  type ReferrerLists,
} from '../../core/channels/index.js';
import type { Engine } from '../../warehouse/engine.js';

const REFERENCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data/reference');

let lists: ReferrerLists | undefined;

/** Matomo SearchEngines.yml / Socials.yml from data/reference, parsed once per process. */
export function loadReferrerLists(dir: string = REFERENCE_DIR): ReferrerLists {
  if (lists && dir === REFERENCE_DIR) return lists;
  const read = (name: string): unknown => parse(readFileSync(path.join(dir, name), 'utf8'));
  const loaded: ReferrerLists = {
    searchEngines: read('SearchEngines.yml') as ReferrerLists['searchEngines'],
    socials: read('Socials.yml') as ReferrerLists['socials'],
  };
  if (dir === REFERENCE_DIR) lists = loaded;
  return loaded;
}

/** The user-defined channel rules stored in the warehouse (table channel_rules). */
export async function loadChannelRules(engine: Engine): Promise<ChannelRule[]> {
  const rows = await engine.query<ChannelRule & Record<string, unknown>>(
    `SELECT rule_id, priority, channel, channel_group, source_pattern, medium_pattern, campaign_pattern,
            referrer_pattern, aliases FROM channel_rules ORDER BY priority, rule_id`,
  );
  return rows.map((r) => ({ ...r, priority: Number(r.priority) }));
}

/** A classifier with the shipped referrer lists and, given an engine, its user-defined channel rules. */
export async function loadChannelClassifier(engine?: Engine): Promise<ChannelClassifier> {
  const rules = engine ? await loadChannelRules(engine) : [];
  return createChannelClassifier({ lists: loadReferrerLists(), rules });
}
