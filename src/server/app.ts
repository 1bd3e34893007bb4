import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  DEFAULT_LOCKOUT_POLICY,
  DEFAULT_SESSION_POLICY,
  type LockoutPolicy,
  type SessionPolicy,
} from '../app/auth/index.js';
import type { Config } from '../config.js';
import { collectorPlugin } from '../ingest/collector/index.js';
import type { Engine } from '../warehouse/engine.js';
import { installAuth } from './auth/hooks.js';
import { policy } from './auth/policy.js';
import { installErrorHandler } from './errors.js';
import { buildOpenApi, recordRoutes } from './openapi.js';
import { type RouteModule, routeModules } from './routes/index.js';
import { installSecurityHeaders } from './security.js';
import { installWebApp } from './static.js';
import { installZodValidation } from './validation.js';
import { WEB_DIST } from './web-build.js';

/** Tunables of one server instance (tests shorten the timeouts). */
export interface ServerOptions {
  engine: Engine;
  config: Config;
  /** false: silent; true or omitted: pino at config.logLevel with secrets redacted. */
  logger?: boolean;
  /** Where log lines go (default stdout); tests capture them. */
  logStream?: NodeJS.WritableStream;
  sessions?: SessionPolicy;
  lockout?: LockoutPolicy;
  /** Max JSON body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Max uploaded file in bytes (default 512 MiB). */
  fileLimit?: number;
  /** Uploads up to this size are imported before the response; bigger ones answer 202 with a job (default 8 MiB). */
  importSyncBytes?: number;
  /** Built web app directory (default web/dist). */
  webDir?: string;
  /** Extra route modules (tests). */
  extraRoutes?: RouteModule[];
  /** Register the event collector at POST /collect (default true). */
  collector?: boolean;
}

/** Settings the route modules read through `app.yardstick`. */
export interface ServerSettings {
  config: Config;
  sessions: SessionPolicy;
  lockout: LockoutPolicy;
  fileLimit: number;
  importSyncBytes: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    yardstick: ServerSettings;
  }
}

/** Paths and headers that must never reach the log. */
export const LOG_REDACT = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'password',
  '*.password',
  'token',
  '*.token',
];

/** Builds the HTTP server (not listening yet): API under /api, collector at /collect, web app at /. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { engine, config } = options;
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.logLevel,
            redact: { paths: LOG_REDACT, censor: '[redacted]' },
            ...(options.logStream ? { stream: options.logStream } : {}),
          },
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    trustProxy: false,
    routerOptions: { ignoreTrailingSlash: true },
  });
  const settings: ServerSettings = {
    config,
    sessions: options.sessions ?? DEFAULT_SESSION_POLICY,
    lockout: options.lockout ?? DEFAULT_LOCKOUT_POLICY,
    fileLimit: options.fileLimit ?? 512 * 1024 * 1024,
    importSyncBytes: options.importSyncBytes ?? 8 * 1024 * 1024,
  };
  app.decorate('engine', engine);
  app.decorate('yardstick', settings);
  installZodValidation(app);
  installErrorHandler(app);
  installSecurityHeaders(app);
  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, { limits: { fileSize: settings.fileLimit, files: 8, fields: 20 } });
  installAuth(app, engine, settings.sessions);
  const recorded = recordRoutes(app);

  for (const module of [...routeModules, ...(options.extraRoutes ?? [])]) {
    await app.register(module.plugin, { prefix: module.prefix ?? '/api' });
  }
  app.get(
    '/api/openapi.json',
    { config: policy({ roles: 'public' }), schema: { summary: 'This OpenAPI 3.1 document', tags: ['meta'] } },
    async () => buildOpenApi(recorded, '0.1.0'),
  );
  if (options.collector !== false) {
    await app.register(collectorPlugin, { engine, allowedOrigins: config.collectOrigins });
  }
  await installWebApp(app, options.webDir ?? WEB_DIST);
  return app;
}
