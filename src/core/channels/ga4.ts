import type { ChannelGroup, SourceCategory } from './types.js';

/** GA4 "paid" medium: ^(.*cp.*|ppc|retargeting|paid.*)$ */
export const PAID_MEDIUM = /^(.*cp.*|ppc|retargeting|paid.*)$/i;
const SHOPPING_CAMPAIGN = /^(.*(([^a-df-z]|^)shop|shopping).*)$/i;
const DISPLAY_MEDIUM = new Set(['display', 'banner', 'expandable', 'interstitial', 'cpm']);
const SOCIAL_MEDIUM = new Set(['social', 'social-network', 'social-media', 'sm', 'social network', 'social media']);
const EMAIL = /^(email|e-mail|e_mail|e mail)$/i;
const REFERRAL_MEDIUM = new Set(['referral', 'app', 'link']);

/** What the GA4 rules look at. */
export interface Ga4Input {
  source: string;
  medium: string;
  campaign: string;
  /** GA4 source category of the source (search/social/video/shopping site), if known. */
  category: SourceCategory | undefined;
}

/** GA4 default channel group of a source/medium/campaign: the published rules, first match wins. */
export function ga4ChannelGroup({ source, medium, campaign, category }: Ga4Input): ChannelGroup {
  const s = source.trim().toLowerCase();
  const m = medium.trim().toLowerCase();
  const c = campaign.trim().toLowerCase();
  const paid = PAID_MEDIUM.test(m);
  const shoppingCampaign = SHOPPING_CAMPAIGN.test(c);
  if (s === '(direct)' && (m === '(none)' || m === '(not set)')) return 'Direct';
  if (c.includes('cross-network')) return 'Cross-network';
  if ((category === 'shopping' || shoppingCampaign) && paid) return 'Paid Shopping';
  if (category === 'search' && paid) return 'Paid Search';
  if (category === 'social' && paid) return 'Paid Social';
  if (category === 'video' && paid) return 'Paid Video';
  if (DISPLAY_MEDIUM.has(m)) return 'Display';
  if (paid) return 'Paid Other';
  if (category === 'shopping' || shoppingCampaign) return 'Organic Shopping';
  if (category === 'social' || SOCIAL_MEDIUM.has(m)) return 'Organic Social';
  if (category === 'video' || m.includes('video')) return 'Organic Video';
  if (category === 'search' || m === 'organic') return 'Organic Search';
  if (REFERRAL_MEDIUM.has(m)) return 'Referral';
  if (EMAIL.test(s) || EMAIL.test(m)) return 'Email';
  if (m === 'affiliate') return 'Affiliates';
  if (m === 'audio') return 'Audio';
  if (s === 'sms' || m === 'sms') return 'SMS';
  if (m.endsWith('push') || m.includes('mobile') || m.includes('notification') || s === 'firebase') {
    return 'Mobile Push Notifications';
  }
  return 'Unassigned';
}
