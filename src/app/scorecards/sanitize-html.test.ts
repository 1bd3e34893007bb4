import { describe, expect, it } from 'vitest';
import { sanitizeHtml } from './sanitize-html.js';

describe('sanitizeHtml', () => {
  it.each([
    ['<p>本季度<b>完成</b>目标</p>', '<p>本季度<b>完成</b>目标</p>'],
    ['<script>alert(1)</script><p>ok</p>', '<p>ok</p>'],
    ['<img src=x onerror=alert(1)>hi', 'hi'],
    ['<p onclick="x()">t</p>', '<p>t</p>'],
    ['<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    [
      '<a href="https://example.com/?a=1&b=2">x</a>',
      '<a href="https://example.com/?a=1&amp;b=2" rel="noopener noreferrer">x</a>',
    ],
    ['1 < 2 & 3 > 2', '1 &lt; 2 &amp; 3 &gt; 2'],
    ['<style>p{}</style>text', 'text'],
  ])('%s', (input, expected) => {
    expect(sanitizeHtml(input)).toBe(expected);
  });
});
