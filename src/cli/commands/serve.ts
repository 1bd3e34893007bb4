import { parseArgs } from 'node:util';
import { config } from '../../config.js';
import { ValidationError } from '../../core/errors.js';
import { closeOnSignals, startServer } from '../../server/serve.js';
import type { Command } from '../run.js';

const HELP = `usage: yardstick serve [--db PATH] [--port 8080] [--host 127.0.0.1]

Serves the API (/api), the event collector (/collect) and the web app (/) on one database.
While it runs, other yardstick commands on the same database go through it automatically.`;

/** Parses a --port value. */
export function parsePort(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ValidationError(`--port: "${text}" is not a port number (0–65535)`, [{ field: 'port' }]);
  }
  return port;
}

/** `yardstick serve` — the HTTP server on one database, until SIGINT/SIGTERM. */
export const command: Command = {
  summary: 'serve the API and web app on a database (other commands then go through it)',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        db: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    const cfg = config();
    const server = await startServer({
      dbPath: values.db ?? cfg.dbPath,
      host: values.host ?? cfg.host,
      port: parsePort(values.port, cfg.port),
      config: cfg,
    });
    io.out(`yardstick serving ${server.info.db_path} at ${server.url}  (Ctrl-C to stop)`);
    await closeOnSignals(server, io.err);
    return 0;
  },
};
