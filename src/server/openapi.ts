import type { FastifyInstance, RouteOptions } from 'fastify';
import { z } from 'zod';
import type { RoutePolicy } from './auth/policy.js';

interface RecordedRoute {
  method: string;
  url: string;
  schema: Record<string, unknown>;
  auth: RoutePolicy | undefined;
}

type JsonSchema = Record<string, unknown>;

function toJsonSchema(schema: unknown, io: 'input' | 'output'): JsonSchema | undefined {
  if (!schema || typeof (schema as z.ZodType).safeParse !== 'function') return undefined;
  const json = z.toJSONSchema(schema as z.ZodType, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as JsonSchema;
  delete json.$schema;
  return json;
}

function parametersOf(schema: unknown, where: 'query' | 'path'): JsonSchema[] {
  const json = toJsonSchema(schema, 'input');
  const properties = (json?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json?.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: property,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}

function describeAccess(auth: RoutePolicy | undefined): string {
  if (!auth) return 'no policy';
  if (auth.roles === 'public') return 'anyone';
  if (auth.roles === 'authenticated') return 'any logged-in account';
  return `roles: ${auth.roles.join(', ')}${auth.ownership ? ' (plus ownership check)' : ''}`;
}

/** Records routes as they are added so the OpenAPI document lists every one of them. */
export function recordRoutes(app: FastifyInstance): RecordedRoute[] {
  const routes: RecordedRoute[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/api/') && route.url !== '/collect') return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routes.push({
        method: method.toLowerCase(),
        url: route.url,
        schema: (route.schema ?? {}) as Record<string, unknown>,
        auth: route.config?.auth,
      });
    }
  });
  return routes;
}

/** Builds an OpenAPI 3.1 document from the recorded routes' zod schemas and policies. */
export function buildOpenApi(routes: readonly RecordedRoute[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const { schema, auth } = route;
    const operation: JsonSchema = {
      operationId: `${route.method}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      summary: typeof schema.summary === 'string' ? schema.summary : `${route.method.toUpperCase()} ${path}`,
      description: `${typeof schema.description === 'string' ? `${schema.description}\n\n` : ''}Access: ${describeAccess(auth)}.`,
      tags: Array.isArray(schema.tags) ? schema.tags : [path.split('/')[2] ?? 'api'],
      parameters: [...parametersOf(schema.params, 'path'), ...parametersOf(schema.querystring, 'query')],
      responses: {} as JsonSchema,
    };
    if (auth && auth.roles !== 'public') operation.security = [{ session: [] }, { bearer: [] }];
    const body = toJsonSchema(schema.body, 'input');
    if (body) operation.requestBody = { required: true, content: { 'application/json': { schema: body } } };
    else if (schema.consumes === 'multipart/form-data') {
      operation.requestBody = {
        required: true,
        content: {
          'multipart/form-data': {
            schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } },
          },
        },
      };
    }
    const responses = operation.responses as JsonSchema;
    const declared = (schema.response ?? {}) as Record<string, unknown>;
    for (const [status, responseSchema] of Object.entries(declared)) {
      const json = toJsonSchema(responseSchema, 'output');
      responses[status] = {
        description: `HTTP ${status}`,
        ...(json ? { content: { 'application/json': { schema: json } } } : {}),
      };
    }
    if (!Object.keys(responses).length) responses['200'] = { description: 'OK' };
    responses.default = {
      description: 'Error',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
    paths[path] ??= {};
    (paths[path] as Record<string, JsonSchema>)[route.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Yardstick (量尺) API',
      version,
      description: 'Marketing performance assessment: data, KPIs, scorecards.',
    },
    paths,
    components: {
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'ys_session',
          description: 'Writes also need the x-csrf-token header.',
        },
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'API token `ys_…` with scopes import, collect, read, admin.',
        },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } },
            },
          },
        },
      },
    },
  };
}
