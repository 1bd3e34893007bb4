/** Inverts a square matrix (row-major arrays) by Gauss–Jordan elimination with partial pivoting. */
export function invertMatrix(matrix: readonly (readonly number[])[]): number[][] {
  const n = matrix.length;
  const a = matrix.map((row, i) => {
    const out = new Float64Array(2 * n);
    for (let j = 0; j < n; j++) out[j] = row[j] ?? 0;
    out[n + i] = 1;
    return out;
  });
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (Math.abs(a[pivot]![col]!) < 1e-300) throw new Error('matrix is singular');
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const pr = a[col]!;
    const inv = 1 / pr[col]!;
    for (let j = 0; j < 2 * n; j++) pr[j]! *= inv;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = a[r]!;
      const f = row[col]!;
      if (f === 0) continue;
      for (let j = 0; j < 2 * n; j++) row[j]! -= f * pr[j]!;
    }
  }
  return a.map((row) => Array.from(row.subarray(n)));
}
