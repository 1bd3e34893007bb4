import { ga4ChannelGroup } from './ga4.js';
import { DEFAULT_CHANNELS, defaultChannelName, type NamedChannel, normaliseChannelName } from './named.js';
import { type CompiledRule, compileChannelRules, matchRule } from './rules.js';
import { buildSourceCatalog, type KnownSource, type SourceCatalog } from './sources.js';
import {
  CHANNEL_GROUPS,
  type ChannelGroup,
  type ChannelResult,
  type ChannelRule,
  type ReferrerLists,
  type TouchInput,
} from './types.js';

/** Ad click id parameters: the platform they come from; their presence marks the visit as paid (cpc). */
export const CLICK_IDS: Readonly<Record<string, string>> = {
  gclid: 'google',
  gbraid: 'google',
  wbraid: 'google',
  bd_vid: 'baidu',
  bdvid: 'baidu',
  clickid: 'douyin',
  gdt_vid: 'gdt',
  qz_gdt: 'gdt',
  msclkid: 'bing',
  fbclid: 'facebook',
  ttclid: 'tiktok',
};

/** Apps whose ads Ocean Engine (巨量引擎) serves with the clickid parameter. */
const OCEAN_ENGINE_APPS = new Set(['douyin', 'toutiao', 'ixigua']);

/** A classification with the campaign that went into it. */
export interface TouchClassification extends ChannelResult {
  campaign: string | null;
}

/** Classifies touches and resolves channel names with one set of referrer lists and user rules. */
export interface ChannelClassifier {
  /** Source, medium, GA4 channel group and named channel of a touch. */
  classifyChannel(touch: TouchInput): TouchClassification;
  /** The channel a spend/lead/order row names (by name, alias, group, "source / medium" or a known source). */
  resolveChannelName(name: string): { channel: string; channel_group: ChannelGroup } | undefined;
}

const clean = (v: string | null | undefined): string | undefined => {
  const t = v?.trim();
  return t ? t : undefined;
};

/** Host of a URL or bare host string, lower-case, without www. and port. */
export function hostOf(value: string | null | undefined): string | undefined {
  const v = clean(value);
  if (!v) return undefined;
  const m = /^(?:[a-z][a-z0-9+.-]*:)?\/\/([^/?#:@]*@)?([^/?#:]+)/i.exec(v) ?? /^([^/?#:@]*@)?([^/?#:\s]+)/.exec(v);
  const host = m?.[2]
    ?.toLowerCase()
    .replace(/^www\./, '')
    .replace(/\.$/, '');
  return host || undefined;
}

interface PageParams {
  host: string | undefined;
  params: Map<string, string>;
}

function parsePage(url: string | undefined): PageParams {
  const params = new Map<string, string>();
  if (!url) return { host: undefined, params };
  const q = url.indexOf('?');
  if (q >= 0) {
    const query = url.slice(q + 1).split('#')[0]!;
    for (const part of query.split('&')) {
      const eq = part.indexOf('=');
      const key = (eq >= 0 ? part.slice(0, eq) : part).toLowerCase();
      let value = eq >= 0 ? part.slice(eq + 1) : '';
      try {
        value = decodeURIComponent(value.replace(/\+/g, ' '));
      } catch {
        // keep the raw value when it is not valid percent-encoding
      }
      if (key && !params.has(key)) params.set(key, value);
    }
  }
  return { host: /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? hostOf(url) : undefined, params };
}

const sameSite = (a: string, b: string): boolean => a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);

const GROUP_IS_CHANNEL = new Set<ChannelGroup>(['Direct', 'Email', 'Referral', 'SMS']);

const GROUP_NAMES_ZH: Record<string, ChannelGroup> = {
  直接流量: 'Direct',
  付费搜索: 'Paid Search',
  付费社交: 'Paid Social',
  付费视频: 'Paid Video',
  展示广告: 'Display',
  其他付费: 'Paid Other',
  自然搜索: 'Organic Search',
  自然社交: 'Organic Social',
  自然视频: 'Organic Video',
  联盟: 'Affiliates',
  移动推送: 'Mobile Push Notifications',
  未分配: 'Unassigned',
};

/** Builds a classifier from parsed Matomo referrer lists and user-defined rules (evaluated before the defaults). */
export function createChannelClassifier(opts: { lists?: ReferrerLists; rules?: readonly ChannelRule[] } = {}) {
  const catalog: SourceCatalog = buildSourceCatalog(opts.lists);
  const rules: CompiledRule[] = compileChannelRules(opts.rules ?? []);
  const names = new Map<string, { channel: string; channel_group: ChannelGroup }>();
  const defaultGroupOf = new Map<string, ChannelGroup>();
  for (const c of DEFAULT_CHANNELS) defaultGroupOf.set(c.channel, c.channel_group);
  const asGroup = (g: string | null | undefined): ChannelGroup | undefined =>
    CHANNEL_GROUPS.find((x) => x.toLowerCase() === g?.trim().toLowerCase());
  for (const r of rules) {
    const entry = {
      channel: r.rule.channel,
      channel_group: asGroup(r.rule.channel_group) ?? defaultGroupOf.get(r.rule.channel) ?? 'Unassigned',
    };
    for (const n of [r.rule.channel, ...r.aliases]) {
      const key = normaliseChannelName(n);
      if (!names.has(key)) names.set(key, entry);
    }
  }
  const addDefault = (c: NamedChannel) => {
    for (const n of [c.channel, ...c.aliases]) {
      const key = normaliseChannelName(n);
      if (!names.has(key)) names.set(key, { channel: c.channel, channel_group: c.channel_group });
    }
  };
  DEFAULT_CHANNELS.forEach(addDefault);
  // A bare group name (GA4 aggregate rows) names the group itself unless the group is one named channel.
  const groupChannel = (g: ChannelGroup): string => (GROUP_IS_CHANNEL.has(g) ? defaultChannelName(undefined, g) : g);
  for (const g of CHANNEL_GROUPS) {
    const key = normaliseChannelName(g);
    if (!names.has(key)) names.set(key, { channel: groupChannel(g), channel_group: g });
  }
  for (const [zh, g] of Object.entries(GROUP_NAMES_ZH)) {
    if (!names.has(zh)) names.set(zh, { channel: groupChannel(g), channel_group: g });
  }

  const classifyChannel = (touch: TouchInput): TouchClassification => {
    const page = parsePage(clean(touch.pageUrl));
    const utmSource = clean(touch.source) ?? clean(page.params.get('utm_source'));
    const utmMedium = clean(touch.medium) ?? clean(page.params.get('utm_medium'));
    const campaign = clean(touch.campaign) ?? clean(page.params.get('utm_campaign')) ?? null;
    const refHost = hostOf(touch.referrer);
    const external = refHost !== undefined && !(page.host && sameSite(refHost, page.host));
    const click = [...(touch.clickIds ?? []), ...page.params.keys()]
      .map((k) => k.toLowerCase())
      .find((k) => k in CLICK_IDS);
    let known: KnownSource | undefined;
    let source: string;
    let medium: string;
    if (utmSource || utmMedium) {
      known = utmSource ? catalog.byName(utmSource) : external ? catalog.byHost(refHost!) : undefined;
      if (!known && !utmSource && click) known = catalog.byName(CLICK_IDS[click]!);
      source = known?.key ?? utmSource?.toLowerCase() ?? (external ? refHost! : '(not set)');
      medium = utmMedium?.toLowerCase() ?? (click ? 'cpc' : '(not set)');
    } else if (click) {
      // the click id names the ad platform; only Ocean Engine's generic clickid is refined by its referring app
      const viaRef = external && click === 'clickid' ? catalog.byHost(refHost!) : undefined;
      known = (viaRef && OCEAN_ENGINE_APPS.has(viaRef.key) ? viaRef : undefined) ?? catalog.byName(CLICK_IDS[click]!);
      source = known?.key ?? CLICK_IDS[click]!;
      medium = 'cpc';
    } else if (external) {
      known = catalog.byHost(refHost!);
      source = known?.key ?? refHost!;
      medium = known?.category === 'search' ? 'organic' : 'referral';
    } else {
      source = '(direct)';
      medium = '(none)';
    }
    const group = ga4ChannelGroup({ source, medium, campaign: campaign ?? '', category: known?.category });
    for (const r of rules) {
      if (matchRule(r, { source, medium, campaign, referrer: clean(touch.referrer) ?? refHost })) {
        return {
          source,
          medium,
          campaign,
          channel: r.rule.channel,
          channel_group: asGroup(r.rule.channel_group) ?? group,
        };
      }
    }
    return { source, medium, campaign, channel_group: group, channel: defaultChannelName(known?.key, group) };
  };

  const resolveChannelName = (raw: string): { channel: string; channel_group: ChannelGroup } | undefined => {
    const name = clean(raw);
    if (!name) return undefined;
    const hit = names.get(normaliseChannelName(name));
    if (hit) return hit;
    const sm = /^(.+?)\s*\/\s*(.+)$/.exec(name);
    if (sm) {
      const r = classifyChannel({ source: sm[1]!, medium: sm[2]! });
      return { channel: r.channel, channel_group: r.channel_group };
    }
    if (catalog.byName(name)) {
      const r = classifyChannel({ source: name, medium: '(not set)' });
      return { channel: r.channel, channel_group: r.channel_group };
    }
    return undefined;
  };
  return { classifyChannel, resolveChannelName } satisfies ChannelClassifier;
}
