import { isbot } from 'isbot';

/** Why a hit counts as bot or spam traffic (stored per import in bot_stats.reason). */
export type BotReason = 'referrer_spam' | 'empty_user_agent' | 'scripted_client' | 'bot_user_agent' | 'event_rate';

/** Events per minute above which a visitor is treated as automated. */
export const MAX_EVENTS_PER_MINUTE = 100;

/** Known referrer-spam hosts (subdomains match too). */
export const SPAM_REFERRER_HOSTS: readonly string[] = [
  'semalt.com',
  'semalt.semalt.com',
  'buttons-for-website.com',
  'buttons-for-your-website.com',
  'darodar.com',
  'ilovevitaly.com',
  'ilovevitaly.ru',
  'priceg.com',
  'best-seo-offer.com',
  'best-seo-solution.com',
  '4webmasters.org',
  'trafficmonetize.com',
  'free-social-buttons.com',
  'get-free-traffic-now.com',
  'blackhatworth.com',
  'hulfingtonpost.com',
  'savetubevideo.com',
  'kambasoft.com',
  'econom.co',
  'o-o-6-o-o.com',
  'simple-share-buttons.com',
  'social-buttons.com',
  'floating-share-buttons.com',
  '7makemoneyonline.com',
  'videos-for-your-business.com',
  'success-seo.com',
  '100dollars-seo.com',
  'seo-platform.com',
  'traffic2money.com',
  'webmonetizer.net',
  'site-auditor.online',
  'rank-checker.online',
  'free-video-tool.com',
  'youporn-forum.ga',
];

const SCRIPTED =
  /^(curl|wget|python|go-http-client|java\/|okhttp|axios|node-fetch|node\.js|undici|libwww-perl|lwp::|httpclient|apache-httpclient|postmanruntime|insomnia|scrapy|httpie|aiohttp|php|ruby|guzzlehttp|powershell|winhttp)/i;

const spamHosts = new Set(SPAM_REFERRER_HOSTS);

/** Whether a referrer host is known referrer spam. */
export function isSpamReferrer(host: string | null | undefined): boolean {
  if (!host) return false;
  const labels = host
    .toLowerCase()
    .replace(/^www\./, '')
    .split('.');
  for (let i = 0; i < labels.length - 1; i++) if (spamHosts.has(labels.slice(i).join('.'))) return true;
  return false;
}

/**
 * Why a hit is bot/spam traffic, or undefined for a human visit. A null user agent means "not recorded"
 * (imports without the column) and is not held against the hit; an empty string means the client sent none.
 */
export function botReason(hit: { userAgent?: string | null; referrerHost?: string | null }): BotReason | undefined {
  if (isSpamReferrer(hit.referrerHost)) return 'referrer_spam';
  const ua = hit.userAgent;
  if (ua === null || ua === undefined) return undefined;
  if (ua.trim() === '') return 'empty_user_agent';
  if (SCRIPTED.test(ua.trim())) return 'scripted_client';
  if (isbot(ua)) return 'bot_user_agent';
  return undefined;
}

/** Whether a user agent belongs to a crawler, headless browser or scripted client. */
export function isBot(userAgent: string | null | undefined): boolean {
  const reason = botReason({ userAgent: userAgent ?? '' });
  return reason !== undefined;
}
