import { Writable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { policy } from '../../src/server/auth/policy.js';
import { type Harness, passwordOf, type Session, startHarness } from './harness.js';

const lines: string[] = [];
const capture = new Writable({
  write(chunk, _enc, done) {
    lines.push(String(chunk));
    done();
  },
});

const broken: FastifyPluginAsync = async (app) => {
  app.get('/test/broken', { config: policy({ roles: 'authenticated' }) }, async () => {
    throw new Error('db password=hunter2 leaked in a driver message');
  });
};

let h: Harness;
let member: Session;
beforeAll(async () => {
  h = await startHarness({
    logger: true,
    logStream: capture,
    config: { ...loadConfig({}), logLevel: 'debug' },
    extraRoutes: [{ name: 'broken', plugin: broken }],
  });
  member = await h.login('member');
});
afterAll(async () => h.close());

describe('internal errors and logs', () => {
  it('an internal error is a generic 500; details only in the log', async () => {
    const res = await h.as(member, 'GET', '/api/test/broken');
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('internal');
    expect(res.body).not.toContain('hunter2');
    expect(lines.join('')).toContain('leaked in a driver message');
  });

  it('passwords, cookies, tokens and CSRF values never reach the log', async () => {
    await h.as(member, 'GET', '/api/me', undefined, { authorization: 'Bearer ys_not-a-real-token' });
    const log = lines.join('');
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain(passwordOf('member'));
    const session = /ys_session=([^;]+)/.exec(member.cookie)?.[1] as string;
    expect(log).not.toContain(session);
    expect(log).not.toContain(member.csrf);
    expect(log).not.toContain('ys_not-a-real-token');
  });
});
