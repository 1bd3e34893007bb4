/**
 * Gauss hypergeometric function ₂F₁(a, b; c; z) for 0 ≤ z < 1 by its power series, summed until terms stop
 * mattering (the BG/NBD conditional expectation only needs z = t/(α+T+t) < 1).
 */
export function hypergeometric2F1(a: number, b: number, c: number, z: number): number {
  if (z < 0 || z >= 1) throw new RangeError(`2F1 series needs 0 ≤ z < 1, got ${z}`);
  let term = 1;
  let sum = 1;
  for (let n = 0; n < 1_000_000; n++) {
    term *= ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    sum += term;
    if (Math.abs(term) <= Math.abs(sum) * 1e-15) break;
  }
  return sum;
}
