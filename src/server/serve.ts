import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createApiToken, revokeApiToken } from '../app/auth/index.js';
import { ensureServiceUser } from '../app/users/index.js';
import { findRunningServer, type ServerInfo, serverFiles } from '../cli/remote.js';
import { openDatabase, registerServedEngine } from '../cli/warehouse.js';
import type { Config } from '../config.js';
import { UserError } from '../core/errors.js';
import type { Engine } from '../warehouse/engine.js';
import { buildServer, type ServerOptions } from './app.js';

/** A listening server and how to stop it (closes the database and removes the server/token files). */
export interface RunningServer {
  app: FastifyInstance;
  engine: Engine;
  url: string;
  info: ServerInfo;
  close(): Promise<void>;
}

export interface StartOptions {
  dbPath: string;
  host: string;
  port: number;
  config: Config;
  /** An engine already open on dbPath (e.g. after seeding); otherwise it is opened here. */
  engine?: Engine;
  logger?: boolean;
  server?: Partial<Omit<ServerOptions, 'engine' | 'config'>>;
}

/**
 * Opens the database, listens, and writes `<data dir>/yardstick.server.json` plus the owner-only local admin
 * token `<data dir>/yardstick.token`, so CLI commands on the same database run through this server.
 */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const dbPath = path.resolve(options.dbPath);
  const other = findRunningServer(dbPath);
  if (other) {
    throw new UserError('already_serving', `${dbPath} is already served by pid ${other.pid} at ${other.url}`);
  }
  const engine = options.engine ?? (await openDatabase(dbPath));
  const unregister = registerServedEngine(dbPath, engine);
  let app: FastifyInstance | undefined;
  try {
    app = await buildServer({ ...options.server, engine, config: options.config, logger: options.logger ?? true });
    await app.listen({ host: options.host, port: options.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
    const files = serverFiles(dbPath);
    const serviceUser = await ensureServiceUser(engine);
    const token = await createApiToken(engine, 'system', {
      userId: serviceUser,
      scopes: ['admin'],
      name: `serve pid ${process.pid}`,
    });
    writeFileSync(files.token, `${token.token}\n`, { mode: 0o600 });
    chmodSync(files.token, 0o600);
    const info: ServerInfo = {
      pid: process.pid,
      url,
      db_path: dbPath,
      token_file: files.token,
      started_at: new Date().toISOString(),
    };
    writeFileSync(files.info, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o644 });
    const running = app;
    let closed = false;
    return {
      app: running,
      engine,
      url,
      info,
      async close() {
        if (closed) return;
        closed = true;
        rmSync(files.info, { force: true });
        rmSync(files.token, { force: true });
        await running.close();
        await revokeApiToken(engine, 'system', token.id).catch(() => undefined);
        unregister();
        await engine.close();
      },
    };
  } catch (error) {
    await app?.close();
    unregister();
    if (!options.engine) await engine.close();
    throw error;
  }
}

/** Runs until SIGINT/SIGTERM, then closes gracefully. */
export function closeOnSignals(server: RunningServer, log: (text: string) => void): Promise<void> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      log(`${signal}: shutting down`);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      server.close().then(resolve, (error: unknown) => {
        log(`error while shutting down: ${(error as Error).message}`);
        resolve();
      });
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}
