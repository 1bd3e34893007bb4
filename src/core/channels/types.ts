/** One marketing touch: what a visit, lead or order says about where it came from. */
export interface TouchInput {
  source?: string | null;
  medium?: string | null;
  campaign?: string | null;
  /** Referrer URL or bare host. */
  referrer?: string | null;
  /** Landing page URL; utm_* and ad click ids in its query string are read when source/medium are absent. */
  pageUrl?: string | null;
  /** Ad click id parameter names present on the landing URL (gclid, bd_vid, clickid, gdt_vid, …). */
  clickIds?: readonly string[] | null;
}

/** Classification result: GA4 default channel group plus the named channel marketers budget by. */
export interface ChannelResult {
  source: string;
  medium: string;
  channel_group: ChannelGroup;
  channel: string;
}

export const CHANNEL_GROUPS = [
  'Direct',
  'Cross-network',
  'Paid Shopping',
  'Paid Search',
  'Paid Social',
  'Paid Video',
  'Display',
  'Paid Other',
  'Organic Shopping',
  'Organic Social',
  'Organic Video',
  'Organic Search',
  'Referral',
  'Email',
  'Affiliates',
  'Audio',
  'SMS',
  'Mobile Push Notifications',
  'Unassigned',
] as const;

/** A GA4 default channel group name. */
export type ChannelGroup = (typeof CHANNEL_GROUPS)[number];

/** Source categories of GA4's default channel group definitions. */
export type SourceCategory = 'search' | 'social' | 'video' | 'shopping';

/** A user-defined channel rule (table channel_rules); patterns are case-insensitive regexes, all given ones must match. */
export interface ChannelRule {
  rule_id: string;
  priority: number;
  channel: string;
  channel_group?: string | null;
  source_pattern?: string | null;
  medium_pattern?: string | null;
  campaign_pattern?: string | null;
  referrer_pattern?: string | null;
  /** Other names of the channel, comma separated (or a JSON array). */
  aliases?: string | null;
}

/** Referrer lists in the shape of Matomo's SearchEngines.yml / Socials.yml once parsed. */
export interface ReferrerLists {
  /** name -> list of { urls: [...] } entries */
  searchEngines?: Record<string, { urls?: string[] }[]>;
  /** name -> list of hosts */
  socials?: Record<string, string[]>;
}
