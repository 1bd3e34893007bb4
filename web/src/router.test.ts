import { describe, expect, it } from 'vitest';
import { matchPath } from './router.js';

describe('matchPath', () => {
  it.each([
    ['/scorecards/:id', '/scorecards/sc_1', { id: 'sc_1' }],
    ['/scorecards/:id', '/scorecards/a%20b', { id: 'a b' }],
    ['/scorecards/:id', '/scorecards', null],
    ['/reviews/:id', '/scorecards/x', null],
    ['/team', '/team/', {}],
  ])('%s ~ %s', (pattern, path, expected) => {
    expect(matchPath(pattern, path)).toEqual(expected);
  });
});
