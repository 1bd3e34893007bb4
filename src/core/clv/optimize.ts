/** Fits search log-parameters within ±LOG_BOUND (parameters between e^-15 and e^15). */
export const LOG_BOUND = 15;

/** Options for the Nelder–Mead minimiser. */
export interface MinimizeOptions {
  maxIterations?: number;
  tolerance?: number;
  /** Initial simplex step on each coordinate. */
  step?: number;
  /** Restarts from the best point (guards against a collapsed simplex). */
  restarts?: number;
}

/** Minimises f with the Nelder–Mead simplex method, restarting from the best point a few times. */
export function minimize(
  f: (x: number[]) => number,
  start: readonly number[],
  options: MinimizeOptions = {},
): { x: number[]; value: number; iterations: number } {
  let best = { x: [...start], value: safe(f, start), iterations: 0 };
  const restarts = options.restarts ?? 4;
  for (let r = 0; r <= restarts; r++) {
    const run = nelderMead(f, best.x, options);
    const improved = best.value - run.value;
    best = { ...run, iterations: best.iterations + run.iterations };
    if (r > 0 && Math.abs(improved) < (options.tolerance ?? 1e-10)) break;
  }
  return best;
}

function safe(f: (x: number[]) => number, x: readonly number[]): number {
  const v = f([...x]);
  return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
}

function nelderMead(
  f: (x: number[]) => number,
  start: readonly number[],
  options: MinimizeOptions,
): { x: number[]; value: number; iterations: number } {
  const n = start.length;
  const maxIterations = options.maxIterations ?? 2000 * n;
  const tolerance = options.tolerance ?? 1e-10;
  const step = options.step ?? 0.5;
  let simplex = [start.slice()];
  for (let i = 0; i < n; i++) {
    const p = start.slice();
    p[i] = p[i]! + step;
    simplex.push(p);
  }
  let values = simplex.map((p) => safe(f, p));
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const order = values.map((_, i) => i).sort((i, j) => values[i]! - values[j]!);
    simplex = order.map((i) => simplex[i]!);
    values = order.map((i) => values[i]!);
    const spread = Math.abs(values[n]! - values[0]!);
    if (spread <= tolerance * (Math.abs(values[0]!) + tolerance)) break;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) centroid[k]! += simplex[i]![k]! / n;
    const along = (t: number) => centroid.map((c, k) => c + t * (simplex[n]![k]! - c));
    const reflected = along(-1);
    const fr = safe(f, reflected);
    if (fr < values[0]!) {
      const expanded = along(-2);
      const fe = safe(f, expanded);
      if (fe < fr) [simplex[n], values[n]] = [expanded, fe];
      else [simplex[n], values[n]] = [reflected, fr];
    } else if (fr < values[n - 1]!) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      const contracted = fr < values[n]! ? along(-0.5) : along(0.5);
      const fc = safe(f, contracted);
      if (fc < Math.min(fr, values[n]!)) [simplex[n], values[n]] = [contracted, fc];
      else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = simplex[i]!.map((x, k) => simplex[0]![k]! + 0.5 * (x - simplex[0]![k]!));
          values[i] = safe(f, simplex[i]!);
        }
      }
    }
  }
  let bestIndex = 0;
  for (let i = 1; i <= n; i++) if (values[i]! < values[bestIndex]!) bestIndex = i;
  return { x: simplex[bestIndex]!, value: values[bestIndex]!, iterations };
}
