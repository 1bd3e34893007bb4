import type { ImportPhase, ImportProgress } from './types.js';

/**
 * Shares of a large events import's time by phase, as measured on the bench files (2M and 10M events at the 512MB
 * default: reading and staging the file 26%, deriving channels, bots, identities and sessions 37%, writing 37%).
 */
export const PHASE_SHARES: Readonly<Record<ImportPhase, number>> = { read: 0.26, derive: 0.37, write: 0.37 };
const ORDER: readonly ImportPhase[] = ['read', 'derive', 'write'];
/** A phase timed by extrapolation never reports more than this share of itself done before it ends. */
const ESTIMATE_CAP = 0.95;

/** Progress of an import that runs in phases: see phasedProgress. */
export interface PhasedProgress {
  /** Starts a phase (in the order read, derive, write). */
  phase(name: ImportPhase): void;
  /** The rows read, once known. */
  rows(n: number): void;
  /** Reports now (the timer calls it too). */
  tick(): void;
  /** Reports the import done (fraction 1) and stops the timer. */
  done(): void;
  /** Stops the timer without reporting. */
  stop(): void;
}

/**
 * Progress of a large import that runs as a few long SQL statements: while the file is read, the statement's own
 * progress (DuckDB's, by bytes of the file) gives bytes and fraction; the later phases have no byte count, so their
 * share is estimated from the time reading took and PHASE_SHARES, held below the phase's end until it ends. The
 * fraction (0–1 of the whole import) never goes back. Reports every intervalMs (0: only on phase changes and
 * tick()).
 */
export function phasedProgress(opts: {
  totalBytes: number;
  emit: (p: ImportProgress) => void;
  /** share (0–1) of the running statement done, or null when unknown */
  statement: () => number | null;
  intervalMs?: number;
  now?: () => number;
}): PhasedProgress {
  const now = opts.now ?? (() => performance.now());
  let current: ImportPhase = 'read';
  let phaseStart = now();
  let readMs = 0;
  let rows = 0;
  let bytes = 0;
  let fraction = 0;
  const base = (phase: ImportPhase) => ORDER.slice(0, ORDER.indexOf(phase)).reduce((s, p) => s + PHASE_SHARES[p], 0);
  const within = (): number => {
    if (current === 'read') {
      const done = Math.min(1, Math.max(0, opts.statement() ?? 0));
      bytes = Math.max(bytes, Math.round(opts.totalBytes * done));
      return opts.totalBytes > 0 ? bytes / opts.totalBytes : done;
    }
    const expected = (readMs * PHASE_SHARES[current]) / PHASE_SHARES.read;
    return expected > 0 ? Math.min(ESTIMATE_CAP, (now() - phaseStart) / expected) : 0;
  };
  const report = (value: number) => {
    fraction = Math.max(fraction, Math.min(1, value));
    opts.emit({ rows, bytes, totalBytes: opts.totalBytes, phase: current, fraction });
  };
  const tick = () => report(base(current) + PHASE_SHARES[current] * within());
  const timer = opts.intervalMs ? setInterval(tick, opts.intervalMs) : undefined;
  timer?.unref();
  return {
    phase(name) {
      if (current === 'read' && name !== 'read') {
        readMs = now() - phaseStart;
        bytes = opts.totalBytes;
      }
      current = name;
      phaseStart = now();
      report(base(name));
    },
    rows(n) {
      rows = n;
    },
    tick,
    done() {
      if (timer) clearInterval(timer);
      bytes = opts.totalBytes;
      report(1);
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
