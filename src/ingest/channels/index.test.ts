import { describe, expect, it } from 'vitest';
import { loadChannelClassifier, loadReferrerLists } from './index.js';

describe('loadChannelClassifier (shipped Matomo lists)', () => {
  it('parses both lists', () => {
    const lists = loadReferrerLists();
    expect(Object.keys(lists.searchEngines ?? {})).toContain('Baidu');
    expect(Object.keys(lists.socials ?? {})).toContain('Weibo');
  });

  it.each<[string, string, string]>([
    ['https://yandex.ru/search/?text=x', 'Organic Search', 'yandex'],
    ['https://search.naver.com/search.naver?query=x', 'Organic Search', 'naver'],
    ['https://www.google.de/', 'Organic Search', 'google'],
    ['https://www.douban.com/group/1', 'Organic Social', 'douban'],
    ['https://www.reddit.com/r/x', 'Organic Social', 'reddit'],
    ['https://channels.weixin.qq.com/x', 'Organic Video', 'weixin_channels'],
    ['https://news.baidu.com/', 'Organic Search', 'baidu'],
  ])('%s', async (referrer, group, source) => {
    const c = await loadChannelClassifier();
    expect(c.classifyChannel({ referrer })).toMatchObject({ channel_group: group, source });
  });
});
