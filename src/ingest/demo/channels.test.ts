import { describe, expect, it } from 'vitest';
import { loadChannelClassifier } from '../channels/index.js';
import { DEMO_CHANNELS, PAID_CHANNELS, promoSlug, type TouchContext } from './channels.js';
import { Rng } from './prng.js';
import { DEMO_SITE } from './traffic.js';

const contexts: TouchContext[] = [
  { promo: undefined, year: 2026, month: '202603', contentId: 'wx-20260302-1' },
  { promo: '618', year: 2026, month: '202606', contentId: 'dy-20260601-9' },
  { promo: 'double11', year: 2025, month: '202511', contentId: 'xhs-20251103-4' },
];

describe('demo channel touches', () => {
  it.each(DEMO_CHANNELS.map((c) => [c.name, c] as const))(
    '%s: every generated touch classifies back to the channel',
    async (name, channel) => {
      const classifier = await loadChannelClassifier();
      const rng = new Rng(11);
      const wrong: string[] = [];
      for (let i = 0; i < 150; i++) {
        const t = channel.touch(rng, contexts[i % contexts.length]!);
        const got = classifier.classifyChannel({
          source: t.utmSource || null,
          medium: t.utmMedium || null,
          campaign: t.utmCampaign || null,
          referrer: t.referrer || null,
          pageUrl: `${DEMO_SITE}/landing${t.query}`,
        });
        if (got.channel !== name) wrong.push(`${got.channel} ← ${t.referrer} ${t.query}`);
      }
      expect(wrong.slice(0, 3)).toEqual([]);
    },
  );

  it.each(Object.keys(PAID_CHANNELS))('spend named %s resolves to the same channel as its traffic', async (name) => {
    const classifier = await loadChannelClassifier();
    expect(classifier.resolveChannelName(name)?.channel).toBe(name);
  });

  it.each([
    [
      '百度SEM',
      /^\?utm_source=baidu&utm_medium=cpc&utm_campaign=\w+&utm_term=%[0-9A-F]{2}.*&bd_vid=\w+$|^\?bd_vid=\w+$/,
    ],
    ['邮件', /^\?utm_source=edm&utm_medium=email&utm_campaign=(newsletter_\d{6}|promo\w+)$/],
    ['官网直接访问', /^$/],
  ])('%s landing query strings look like real tagged links', (name, pattern) => {
    const channel = DEMO_CHANNELS.find((c) => c.name === name)!;
    const rng = new Rng(3);
    for (let i = 0; i < 50; i++) expect(channel.touch(rng, contexts[i % 3]!).query).toMatch(pattern);
  });

  it.each([
    ['618', 2026, 'promo618_2026'],
    ['double11', 2025, 'promo1111_2025'],
  ] as const)('promotion %s of %i is tagged %s', (promo, year, slug) => {
    expect(promoSlug(promo, year)).toBe(slug);
  });

  it('channel weights are positive and owners are demo people', () => {
    for (const c of DEMO_CHANNELS) {
      expect(c.weight).toBeGreaterThan(0);
      expect(c.ownerId).toMatch(/^p(0[1-9]|1[0-2])$/);
    }
  });
});
