import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const MISSING_WEB = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Yardstick 量尺</title></head>
<body><h1>Yardstick 量尺</h1><p>The web app is not built yet. Run <code>npm run build:web</code> and reload.</p>
<p>网页端尚未构建：请运行 <code>npm run build:web</code> 后刷新。API: <a href="/api/openapi.json">/api/openapi.json</a></p>
</body></html>`;

/** Serves the built web app with an SPA fallback, or a page saying how to build it. */
export async function installWebApp(app: FastifyInstance, webDir: string): Promise<void> {
  const hasWeb = existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webDir, wildcard: false, index: ['index.html'] });
  else app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send(MISSING_WEB));

  app.setNotFoundHandler(async (req, reply) => {
    const isPage = req.method === 'GET' && !req.url.startsWith('/api/') && !path.extname(req.url.split('?')[0] ?? '');
    if (isPage && hasWeb) return reply.type('text/html; charset=utf-8').sendFile('index.html');
    if (isPage) return reply.type('text/html; charset=utf-8').send(MISSING_WEB);
    return reply
      .status(404)
      .send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` } });
  });
}
