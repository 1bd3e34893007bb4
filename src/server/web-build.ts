import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { childProcessEnv } from '../config.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The built web app served at `/`. */
export const WEB_DIST = path.join(ROOT, 'web', 'dist');

function newestMtime(target: string): number {
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(target)) {
    if (name === 'dist' || name === 'node_modules' || name.endsWith('.test.ts')) continue;
    newest = Math.max(newest, newestMtime(path.join(target, name)));
  }
  return newest;
}

/** Whether web/dist is missing or older than a source file of web/. */
export function webBuildStale(): boolean {
  const index = path.join(WEB_DIST, 'index.html');
  return !existsSync(index) || statSync(index).mtimeMs < newestMtime(path.join(ROOT, 'web'));
}

/** Builds web/dist with Vite when it is missing or stale (a fresh clone's first `npm start`); returns whether it built. */
export function ensureWebBuilt(log: (line: string) => void = () => {}): boolean {
  if (!webBuildStale()) return false;
  log('building the web app (first start) …');
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const run = spawnSync(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: ROOT,
    encoding: 'utf8',
    // Under vitest NODE_ENV is "test", which would make Vite bundle React's development build.
    env: childProcessEnv({ NODE_ENV: 'production' }),
  });
  if (run.status !== 0) throw new Error(`web build failed:\n${run.stdout}\n${run.stderr}`);
  return true;
}
