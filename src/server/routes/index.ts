import type { FastifyPluginAsync } from 'fastify';
import { auditRoutes } from './audit.js';
import { authRoutes } from './auth.js';
import { catalogRoutes } from './catalog.js';
import { channelRuleRoutes } from './channel-rules.js';
import { cliRoutes } from './cli.js';
import { dataQualityRoutes } from './data-quality.js';
import { importRoutes } from './imports.js';
import { metricRoutes } from './metrics.js';
import { userRoutes } from './users.js';
import { workflowRouteModules } from './workflow/index.js';

/**
 * A route plugin mounted by buildServer. Inside, use `app.engine` for the warehouse, declare
 * `config: policy({ roles: [...] })` on every route (see ../auth/policy.ts) and zod schemas in `schema`.
 */
export interface RouteModule {
  name: string;
  plugin: FastifyPluginAsync;
  /** URL prefix, default '/api'. */
  prefix?: string;
}

/** Every route module of the API, in registration order. Add new modules here. */
export const routeModules: RouteModule[] = [
  { name: 'auth', plugin: authRoutes },
  { name: 'users', plugin: userRoutes },
  { name: 'audit', plugin: auditRoutes },
  { name: 'catalog', plugin: catalogRoutes },
  { name: 'metrics', plugin: metricRoutes },
  { name: 'imports', plugin: importRoutes },
  { name: 'data-quality', plugin: dataQualityRoutes },
  { name: 'channel-rules', plugin: channelRuleRoutes },
  { name: 'cli', plugin: cliRoutes },
  // The assessment workflow (periods, people, scorecards, feedback, …): src/server/routes/workflow (H6b).
  ...workflowRouteModules,
];
