import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { firstLoadAssets, runWebBench } from './web.js';

const dir = mkdtempSync(path.join(tmpdir(), 'yardstick-webbench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runWebBench', () => {
  it.each([
    ['<script type="module" crossorigin src="/assets/index-1.js"></script>', ['/assets/index-1.js']],
    ['<link rel="modulepreload" crossorigin href="/assets/react-2.js">', ['/assets/react-2.js']],
    ['<link rel="stylesheet" href="/assets/a.css"><link rel="icon" href="/favicon.ico">', ['/assets/a.css']],
    ['<script src="https://cdn.example.com/x.js"></script>', []],
  ])('first-load assets of %s', (html, expected) => {
    expect(firstLoadAssets(html)).toEqual(expected);
  });

  it('counts what index.html loads up front apart from the lazy chunks', () => {
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(
      path.join(dir, 'index.html'),
      '<script type="module" src="/assets/index.js"></script><link rel="modulepreload" href="/assets/vendor.js">',
    );
    writeFileSync(path.join(dir, 'assets', 'index.js'), 'x'.repeat(1024));
    writeFileSync(path.join(dir, 'assets', 'vendor.js'), 'y'.repeat(2048));
    writeFileSync(path.join(dir, 'assets', 'page.js'), 'z'.repeat(4096));
    const figures = runWebBench(dir);
    const htmlKb = 0.1;
    expect(figures.first_load_kb).toBeGreaterThanOrEqual(3);
    expect(figures.first_load_kb).toBeLessThan(3 + htmlKb + 0.05);
    expect(figures.total_kb).toBeGreaterThan(7);
    expect(figures.js_chunks).toBe(3);
    expect(figures.first_load_gzip_kb).toBeLessThan(figures.first_load_kb);
  });
});
