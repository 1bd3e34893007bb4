import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

const MISSING_WEB = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Yardstick 量尺</title></head>
<body><h1>Yardstick 量尺</h1><p>The web app is not built yet. Run <code>npm run build:web</code> and reload.</p>
<p>网页端尚未构建：请运行 <code>npm run build:web</code> 后刷新。API: <a href="/api/openapi.json">/api/openapi.json</a></p>
</body></html>`;

/** Vite's content-hashed build output: a changed file gets a new name, so it may be cached for good. */
const HASHED_ASSET = /^\/?assets\//;

/**
 * Cache policy of the web app's files: hashed assets forever; everything else (index.html, collect.js) revalidated
 * on every load, so a rebuild (`npm run build:web`) reaches browsers without restarting the server.
 */
export function webCacheControl(urlPath: string): string {
  return HASHED_ASSET.test(urlPath) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/**
 * Serves the built web app with an SPA fallback, or a page saying how to build it. Files are looked up per request
 * (not listed at startup), so a rebuild while the server runs is served at once.
 */
export async function installWebApp(app: FastifyInstance, webDir: string): Promise<void> {
  const index = path.join(webDir, 'index.html');
  const dirExists = existsSync(webDir);
  if (dirExists) {
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: true,
      index: ['index.html'],
      cacheControl: false,
      setHeaders: (reply: FastifyReply, file: string) => {
        reply.header('cache-control', webCacheControl(path.relative(webDir, file).split(path.sep).join('/')));
      },
    });
  } else {
    app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send(MISSING_WEB));
  }

  app.setNotFoundHandler(async (req, reply) => {
    const isPage = req.method === 'GET' && !req.url.startsWith('/api/') && !path.extname(req.url.split('?')[0] ?? '');
    if (isPage && dirExists && existsSync(index)) {
      // Read per request (it is small): a rebuild replaces it while the server runs.
      const html = await readFile(index, 'utf8');
      return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html);
    }
    if (isPage) return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(MISSING_WEB);
    return reply
      .status(404)
      .send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` } });
  });
}
