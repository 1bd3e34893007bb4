/** A statement ClickHouse refused: its numeric error code, the error name when known, and the server's message. */
export class ClickHouseError extends Error {
  override readonly name = 'ClickHouseError';
  constructor(
    message: string,
    /** ClickHouse error code (62 SYNTAX_ERROR, 60 UNKNOWN_TABLE, 47 UNKNOWN_IDENTIFIER, …) */
    readonly code: number | undefined,
    /** ClickHouse error name when the transport reports it (e.g. SYNTAX_ERROR) */
    readonly type: string | undefined,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

/** The ClickHouse server (or the chdb package) could not be reached at all. */
export class ClickHouseUnavailableError extends Error {
  override readonly name = 'ClickHouseUnavailableError';
}

const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EAI_AGAIN']);

/** First line of a server message without the stack trace and the `e.what()` tail of old servers. */
function cleanMessage(message: string): string {
  return message
    .replace(/^Query failed: /, '')
    .replace(/, e\.what\(\) = DB::Exception\s*$/s, '')
    .replace(/\s*Stack trace:[\s\S]*$/, '')
    .trim();
}

/** Maps an error thrown by a transport to ClickHouseError / ClickHouseUnavailableError (with the SQL's start). */
export function mapClickHouseError(error: unknown, where: string, sql?: string): Error {
  if (error instanceof ClickHouseError || error instanceof ClickHouseUnavailableError) return error;
  const e = error as { message?: string; code?: unknown; type?: unknown; clickhouseCode?: unknown; cause?: unknown };
  const netCode = [e.code, (e.cause as { code?: unknown } | undefined)?.code].find(
    (c) => typeof c === 'string' && NETWORK.has(c),
  );
  if (netCode) {
    return new ClickHouseUnavailableError(`ClickHouse at ${where} did not answer (${String(netCode)})`, {
      cause: error,
    });
  }
  const message = cleanMessage(String(e.message ?? error));
  const fromText = /Code: (\d+)/.exec(message)?.[1];
  const raw = e.clickhouseCode ?? (typeof e.code === 'string' && /^\d+$/.test(e.code) ? e.code : fromText);
  const code = raw === undefined ? undefined : Number(raw);
  const type = typeof e.type === 'string' ? e.type : /\(([A-Z_]+)\)/.exec(message)?.[1];
  const snippet = sql ? ` — in: ${sql.replace(/\s+/g, ' ').slice(0, 200)}` : '';
  return new ClickHouseError(`ClickHouse (${where}): ${message}${snippet}`, code, type, { cause: error });
}
