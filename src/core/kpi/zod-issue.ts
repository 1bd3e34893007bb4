/** A zod issue, as much of it as error messages need. */
interface IssueLike {
  path: readonly PropertyKey[];
  code?: string;
  keys?: readonly string[];
}

/** The field an issue is about, as `items[2].weight`; an unknown key is named itself (`items[0].colour`). */
export function issueField(issue: IssueLike | undefined): string {
  if (!issue) return '';
  const path = [...issue.path, ...(issue.code === 'unrecognized_keys' && issue.keys?.length ? [issue.keys[0]!] : [])];
  return path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    '',
  );
}
