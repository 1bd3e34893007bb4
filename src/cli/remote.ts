import { existsSync, openAsBlob, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { config } from '../config.js';
import { UserError } from '../core/errors.js';
import type { CliIo } from './run.js';

/** What `yardstick serve` writes next to the database while it runs. */
export interface ServerInfo {
  pid: number;
  url: string;
  db_path: string;
  token_file: string;
  started_at: string;
}

/** Commands that never go through a running server. */
const LOCAL_ONLY = new Set(['serve', 'start', 'help', '--help', '-h']);

/** Where the server file and the local admin token file of a database live (its data directory). */
export function serverFiles(dbPath: string): { info: string; token: string } {
  const dir = path.dirname(path.resolve(dbPath));
  return { info: path.join(dir, 'yardstick.server.json'), token: path.join(dir, 'yardstick.token') };
}

/** The database a command line targets: its `--db` value, else the configured one. */
export function targetDb(argv: readonly string[]): string {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--db' && argv[i + 1]) return path.resolve(argv[i + 1] as string);
    if (arg.startsWith('--db=')) return path.resolve(arg.slice(5));
  }
  return path.resolve(config().dbPath);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

/** The server currently serving a database (its file exists, names that db and its process lives), or null. */
export function findRunningServer(dbPath: string): ServerInfo | null {
  const { info } = serverFiles(dbPath);
  if (!existsSync(info)) return null;
  try {
    const parsed = JSON.parse(readFileSync(info, 'utf8')) as ServerInfo;
    if (path.resolve(parsed.db_path) !== path.resolve(dbPath)) return null;
    return Number.isInteger(parsed.pid) && alive(parsed.pid) ? parsed : null;
  } catch {
    return null;
  }
}

/** Whether this command line should be sent to a running server instead of opening the database. */
export function serverFor(argv: readonly string[]): ServerInfo | null {
  const [name] = argv;
  if (!name || LOCAL_ONLY.has(name) || argv.includes('--help') || argv.includes('-h')) return null;
  return findRunningServer(targetDb(argv));
}

async function readAll(stream: NodeJS.ReadableStream | undefined): Promise<string> {
  if (!stream) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

function isFile(arg: string): boolean {
  try {
    return statSync(arg).isFile();
  } catch {
    return false;
  }
}

/**
 * Sends a command line to the running server (`POST /api/cli`, local admin token) and prints its output.
 * Existing files named on the command line are uploaded; `--db` is sent as an absolute path.
 */
export async function runThroughServer(server: ServerInfo, argv: readonly string[], io: CliIo): Promise<number> {
  let token: string;
  try {
    token = readFileSync(server.token_file, 'utf8').trim();
  } catch {
    throw new UserError(
      'server_token',
      `a server (pid ${server.pid}) holds the database, but its token file ${server.token_file} is not readable by you`,
    );
  }
  const sent: string[] = [];
  const uploads: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--db' && i + 1 < argv.length) {
      sent.push(arg, path.resolve(argv[++i] as string));
    } else if (arg.startsWith('--db=')) {
      sent.push(`--db=${path.resolve(arg.slice(5))}`);
    } else if (i > 0 && !arg.startsWith('-') && isFile(arg)) {
      sent.push(`@upload:${uploads.length}`);
      uploads.push(arg);
    } else sent.push(arg);
  }
  const request = { argv: sent, ...(argv.includes('--password-stdin') ? { stdin: await readAll(io.stdin) } : {}) };
  const form = new FormData();
  form.append('request', JSON.stringify(request));
  for (const [index, file] of uploads.entries()) {
    form.append(`file${index}`, await openAsBlob(file), path.basename(file));
  }
  let response: Response;
  try {
    response = await fetch(new URL('/api/cli', server.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
  } catch (error) {
    throw new UserError(
      'server_unreachable',
      `the server at ${server.url} (pid ${server.pid}) holds the database but does not answer: ${(error as Error).message}`,
    );
  }
  const body = (await response.json().catch(() => null)) as
    | { exit_code: number; stdout: string; stderr: string }
    | { error?: { message?: string } }
    | null;
  if (!response.ok || !body || !('exit_code' in body)) {
    const message = body && 'error' in body ? body.error?.message : `HTTP ${response.status}`;
    throw new UserError('server_error', `the server at ${server.url} refused the command: ${message}`);
  }
  if (body.stdout) io.out(body.stdout.replace(/\n$/, ''));
  if (body.stderr) io.err(body.stderr.replace(/\n$/, ''));
  return body.exit_code;
}
