/** Fetch wrapper for /api: JSON in/out, CSRF header on writes, typed errors, 401 → login. */

/** One located problem of a rejected upload (`error.errors[]` of a 422 from POST /api/imports). */
export interface ApiRowError {
  file: string;
  row: number;
  column: string;
  message: string;
}

/** An error answered by the API (`{error:{code,message,field,errors?,error_count?}}`) or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Structured row/column problems, when the server sent them. */
    readonly rowErrors: ApiRowError[] = [],
    /** How many problems there are in all (the list may be shortened). */
    readonly errorCount?: number,
  ) {
    super(message);
  }
}

/** The structured row errors of an error body, dropping malformed entries. */
export function readRowErrors(raw: unknown): ApiRowError[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
    .map((e) => ({
      file: String(e.file ?? ''),
      row: Number(e.row ?? 0),
      column: String(e.column ?? ''),
      message: String(e.message ?? ''),
    }));
}

type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  form?: FormData;
}

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const unauthorizedListeners = new Set<() => void>();

/** Calls `fn` whenever the API answers 401 (session expired): the app shows the login page. */
export function onUnauthorized(fn: () => void): () => void {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

/** The value of a readable cookie (ys_csrf). */
export function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/** `/api/x?a=1` from a path and a query (empty values left out). */
export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return `/api${path}${qs ? `?${qs}` : ''}`;
}

/** Calls the API and returns the parsed JSON body; throws ApiError with the server's message. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (WRITE.has(method)) {
    const csrf = readCookie('ys_csrf');
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  let body: BodyInit | undefined;
  if (options.form) body = options.form;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), { method, headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', 'network error: the server did not answer');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = (
      data as {
        error?: { code?: string; message?: string; field?: string; errors?: unknown; error_count?: number };
      } | null
    )?.error;
    if (response.status === 401 && path !== '/auth/login') for (const fn of unauthorizedListeners) fn();
    throw new ApiError(
      response.status,
      error?.code ?? `http_${response.status}`,
      error?.message ?? `${response.status} ${response.statusText}`,
      error?.field,
      readRowErrors(error?.errors),
      typeof error?.error_count === 'number' ? error.error_count : undefined,
    );
  }
  return data as T;
}
