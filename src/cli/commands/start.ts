import { parseArgs } from 'node:util';
import { seedWorkflowDemo } from '../../app/demo-workflow.js';
import { createDemoAccounts, type DemoAccount } from '../../app/users/demo-accounts.js';
import { config } from '../../config.js';
import { seedDemo } from '../../ingest/demo/index.js';
import { closeOnSignals, startServer } from '../../server/serve.js';
import { ensureWebBuilt } from '../../server/web-build.js';
import type { Engine } from '../../warehouse/engine.js';
import { renderTable } from '../output.js';
import type { CliIo, Command } from '../run.js';
import { openDatabase } from '../warehouse.js';
import { parsePort } from './serve.js';

async function hasFacts(engine: Engine): Promise<boolean> {
  const [row] = await engine.query<{ n: number }>(
    'SELECT (SELECT count(*) FROM people) + (SELECT count(*) FROM events) + (SELECT count(*) FROM traffic) AS n',
  );
  return (row?.n ?? 0) > 0;
}

/** Seeds the demo data (facts, then the assessment workflow) into an empty database. */
async function seed(engine: Engine, io: CliIo): Promise<void> {
  io.out('empty database: seeding demo data (takes a few minutes) …');
  let last = '';
  const result = await seedDemo(engine, {
    onProgress: (p) => {
      const step = `${p.phase} ${p.table}`;
      if (step !== last) io.err(`  ${step} …`);
      last = step;
    },
  });
  const imported = Object.entries(result.imported).map(([table, n]) => `${table} ${n}`);
  io.out(`demo data ${result.from} … ${result.until}: ${imported.join(', ')}`);
  const workflow = await seedWorkflowDemo(engine, { until: result.until });
  io.out(`demo assessment workflow: ${workflow.periods.length} periods, ${workflow.scorecards} scorecards`);
}

function printLogins(io: CliIo, url: string, accounts: DemoAccount[]): void {
  io.out(`\nYardstick 量尺 is running: ${url}\n\nDemo logins (change or disable them before real use):`);
  io.out(
    renderTable(
      accounts.map((a) => ({
        username: a.username,
        password: a.password,
        role: a.role,
        person: a.name ? `${a.name} (${a.person_id})` : '',
      })),
    ),
  );
  io.out('\nOpen the URL and log in, e.g. manager / yardstick-manager. Ctrl-C stops the server.');
}

/** `yardstick start` (npm start): seed demo data and demo logins into an empty database, then serve. */
export const command: Command = {
  summary: 'seed demo data on first run, create demo logins, and serve (what npm start runs)',
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
      io.out('usage: yardstick start [--db PATH] [--port 8080] [--host 127.0.0.1]');
      return 0;
    }
    const cfg = config();
    const dbPath = values.db ?? cfg.dbPath;
    const port = parsePort(values.port, cfg.port);
    ensureWebBuilt(io.err);
    const engine = await openDatabase(dbPath);
    let accounts: DemoAccount[];
    try {
      if (!(await hasFacts(engine))) await seed(engine, io);
      accounts = await createDemoAccounts(engine);
    } catch (error) {
      await engine.close();
      throw error;
    }
    const server = await startServer({ dbPath, host: values.host ?? cfg.host, port, config: cfg, engine });
    printLogins(io, server.url, accounts);
    await closeOnSignals(server, io.err);
    return 0;
  },
};
