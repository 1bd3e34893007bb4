import { describe, expect, it } from 'vitest';
import { botReason, isBot, isSpamReferrer } from './index.js';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const WECHAT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN';

describe('botReason', () => {
  it.each<[string, { userAgent?: string | null; referrerHost?: string | null }, string | undefined]>([
    ['desktop chrome', { userAgent: CHROME }, undefined],
    ['wechat in-app browser', { userAgent: WECHAT }, undefined],
    ['ua not recorded', { userAgent: null }, undefined],
    ['empty ua', { userAgent: '' }, 'empty_user_agent'],
    ['blank ua', { userAgent: '   ' }, 'empty_user_agent'],
    [
      'googlebot',
      { userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' },
      'bot_user_agent',
    ],
    [
      'baiduspider',
      { userAgent: 'Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)' },
      'bot_user_agent',
    ],
    [
      'bytespider',
      {
        userAgent:
          'Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)',
      },
      'bot_user_agent',
    ],
    ['headless chrome', { userAgent: CHROME.replace('Chrome/', 'HeadlessChrome/') }, 'bot_user_agent'],
    ['curl', { userAgent: 'curl/8.5.0' }, 'scripted_client'],
    ['python requests', { userAgent: 'python-requests/2.31.0' }, 'scripted_client'],
    ['go client', { userAgent: 'Go-http-client/1.1' }, 'scripted_client'],
    ['referrer spam wins', { userAgent: CHROME, referrerHost: 'semalt.com' }, 'referrer_spam'],
    ['referrer spam subdomain', { userAgent: CHROME, referrerHost: 'x.darodar.com' }, 'referrer_spam'],
    ['normal referrer', { userAgent: CHROME, referrerHost: 'baidu.com' }, undefined],
  ])('%s', (_n, hit, reason) => {
    expect(botReason(hit)).toBe(reason);
  });

  it('isBot and isSpamReferrer', () => {
    expect(isBot(CHROME)).toBe(false);
    expect(isBot('')).toBe(true);
    expect(isBot('Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)')).toBe(true);
    expect(isSpamReferrer('www.buttons-for-website.com')).toBe(true);
    expect(isSpamReferrer(null)).toBe(false);
  });
});
