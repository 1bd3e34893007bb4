import type { FastifyInstance } from 'fastify';

/** Every `METHOD /path` Fastify has registered (HEAD mirrors excluded), rebuilt from the printRoutes tree. */
export function registeredRoutes(app: FastifyInstance, prefix = '/api/'): string[] {
  const out = new Set<string>();
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const at = line.search(/[├└]── /);
    const depth = at < 0 ? 0 : at / 4 + 1;
    const rest = at < 0 ? line : line.slice(at + 4);
    const m = /^(\S+)(?: \(([A-Z, ]+)\))?/.exec(rest);
    if (!m?.[1]) continue;
    const full = (depth > 0 ? (stack[depth - 1] ?? '') : '') + m[1];
    stack[depth] = full;
    stack.length = depth + 1;
    if (!m[2] || !full.startsWith(prefix)) continue;
    for (const method of m[2].split(',').map((s) => s.trim())) {
      if (method !== 'HEAD') out.add(`${method} ${full.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
    }
  }
  return [...out].sort();
}
