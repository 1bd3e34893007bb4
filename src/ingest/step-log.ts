import { config } from '../config.js';

/** Logs one import step; end() stops its memory sampling. */
export type StepLog = ((step: string) => void) & { end(): void };

/** The step logs running now, whose peak resident memory the one sampler keeps up to date. */
const running = new Set<{ peak: number }>();
let sampler: NodeJS.Timeout | undefined;

/**
 * Timing of import steps on stderr when YARDSTICK_DEBUG is set: wall time and process CPU time (DuckDB's threads
 * included) since the previous step, and the process's resident memory now and at its highest since the previous
 * step (sampled every 20 ms), so a step's cost can be read on a shared machine too.
 */
export function stepLog(label: string): StepLog {
  if (!config().debug) return Object.assign(() => {}, { end: () => {} });
  let wall = performance.now();
  let cpu = process.cpuUsage();
  const mark = { peak: process.memoryUsage().rss };
  running.add(mark);
  sampler ??= setInterval(() => {
    const rss = process.memoryUsage().rss;
    for (const m of running) m.peak = Math.max(m.peak, rss);
  }, 20).unref();
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
  const log = (step: string) => {
    const used = process.cpuUsage(cpu);
    const now = performance.now();
    const rss = process.memoryUsage().rss;
    process.stderr.write(
      `${label}: ${step} ${((now - wall) / 1000).toFixed(2)} s (cpu ${((used.user + used.system) / 1e6).toFixed(2)} s, rss ${mb(rss)} MB, peak ${mb(Math.max(mark.peak, rss))} MB)\n`,
    );
    wall = now;
    cpu = process.cpuUsage();
    mark.peak = rss;
  };
  return Object.assign(log, {
    end: () => {
      running.delete(mark);
      if (running.size === 0 && sampler) {
        clearInterval(sampler);
        sampler = undefined;
      }
    },
  });
}
