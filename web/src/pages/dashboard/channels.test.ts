import { describe, expect, it } from 'vitest';
import { withChannel } from './channels.js';

describe('withChannel', () => {
  it.each([
    ['', '抖音', 'channel:抖音'],
    ['team:内容团队', '百度SEM', 'team:内容团队,channel:百度SEM'],
    ['channel:微信公众号,owner:p03', '抖音', 'owner:p03,channel:抖音'],
  ])('%j + %s → %s', (scope, channel, expected) => {
    expect(withChannel(scope, channel)).toBe(expected);
  });
});
