/**
 * Bench phases in processes of their own, so each phase's peak RSS is its own and not what an earlier phase's
 * allocator still holds.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What a phase's process reports beside its own figures. */
export interface ChildFigures {
  /** the kernel's high-water mark of the phase's whole process (node included) */
  process_max_rss_mb: number;
}

/** Prints a phase's figures as the last stdout line, with the process's high-water RSS (run in the child). */
export function reportFromChild(figures: object): void {
  const result = { ...figures, process_max_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/**
 * Runs `script` (a bench module, relative to this folder) with `args` in a child node process (stderr passed
 * through) and returns the JSON object on its last stdout line.
 */
export async function runInChild<T extends object>(script: string, args: string[]): Promise<T & ChildFigures> {
  const file = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', file, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`bench: ${script} ${args.join(' ')} exited with ${code}`);
  const last = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as T & ChildFigures;
}
