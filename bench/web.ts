/** Bundle-size benchmark of the web app: what the first page load fetches, and the whole build (web/dist). */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Sizes in KiB (1024 bytes), rounded to one decimal. */
export interface WebBenchFigures {
  /** index.html plus the scripts, preloads and styles it references (what the login page needs). */
  first_load_kb: number;
  /** The same, gzip-compressed (what travels over the wire with compression on). */
  first_load_gzip_kb: number;
  /** Every file of the build (all pages, lazily loaded chunks included). */
  total_kb: number;
  /** Number of JavaScript chunks (code splitting per page). */
  js_chunks: number;
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/** The local asset paths index.html loads up front (script src, modulepreload and stylesheet hrefs). */
export function firstLoadAssets(indexHtml: string): string[] {
  const refs = new Set<string>();
  for (const match of indexHtml.matchAll(/<(script|link)\b[^>]*>/g)) {
    const tag = match[0];
    const isScript = tag.startsWith('<script');
    const isPreload = /rel="(modulepreload|stylesheet)"/.test(tag);
    const ref = /(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    if (ref && (isScript || isPreload) && ref.startsWith('/')) refs.add(ref);
  }
  return [...refs];
}

/** Measures web/dist (building it first with Vite when it is missing). */
export function runWebBench(distDir = path.join(ROOT, 'web', 'dist')): WebBenchFigures {
  const index = path.join(distDir, 'index.html');
  if (!existsSync(index)) {
    const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
    const run = spawnSync(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
      cwd: ROOT,
      encoding: 'utf8',
      // Under vitest NODE_ENV may be "test", which would make Vite bundle React's development build.
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (run.status !== 0) throw new Error(`web build failed: ${run.stderr}`);
  }
  const html = readFileSync(index);
  const first = [index, ...firstLoadAssets(html.toString('utf8')).map((ref) => path.join(distDir, ref))];
  let firstBytes = 0;
  let firstGzip = 0;
  for (const file of first) {
    const content = readFileSync(file);
    firstBytes += content.length;
    firstGzip += gzipSync(content).length;
  }
  const all = filesUnder(distDir);
  return {
    first_load_kb: kb(firstBytes),
    first_load_gzip_kb: kb(firstGzip),
    total_kb: kb(all.reduce((sum, f) => sum + statSync(f).size, 0)),
    js_chunks: all.filter((f) => f.endsWith('.js') && f.includes(`${path.sep}assets${path.sep}`)).length,
  };
}
