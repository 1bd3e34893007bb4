import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { UserError, ValidationError } from '../../core/errors.js';
import { requireUser } from '../auth/hooks.js';
import { policy } from '../auth/policy.js';

/** Placeholder a client puts in argv where an uploaded file goes: `@upload:<n>`. */
export const UPLOAD_MARK = /^@upload:(\d+)$/;

const cliRequest = z.object({
  argv: z.array(z.string().max(4096)).min(1).max(200),
  stdin: z
    .string()
    .max(1024 * 1024)
    .optional(),
});

const NOT_REMOTE = new Set(['serve', 'start']);

/**
 * `POST /api/cli`: runs one CLI invocation inside the server (which holds the database open), so commands work
 * while `yardstick serve` runs. Body: JSON `{argv, stdin?}`, or multipart with a `request` field holding that
 * JSON and files `file0…` that replace `@upload:0…` in argv. Admin tokens only.
 */
export const cliRoutes: FastifyPluginAsync = async (app) => {
  app.post(
    '/cli',
    {
      config: policy({ roles: ['admin'], scopes: ['admin'] }),
      bodyLimit: app.yardstick.fileLimit,
      schema: { summary: 'Run a yardstick CLI command in the server (local admin token)', tags: ['cli'] },
    },
    async (req) => {
      requireUser(req);
      let dir: string | undefined;
      try {
        let raw: unknown = req.body;
        const files: string[] = [];
        if (req.isMultipart()) {
          dir = await mkdtemp(path.join(tmpdir(), 'yardstick-cli-'));
          for await (const part of req.parts()) {
            if (part.type === 'file') {
              const index = /^file(\d+)$/.exec(part.fieldname)?.[1];
              if (index === undefined) throw new ValidationError(`field ${part.fieldname}: expected file0, file1, …`);
              const sub = path.join(dir, index);
              await mkdir(sub);
              const target = path.join(sub, path.basename(part.filename || `file${index}`));
              await pipeline(part.file, createWriteStream(target, { mode: 0o600 }));
              if (part.file.truncated)
                throw new UserError('payload_too_large', 'uploaded file too large', { status: 413 });
              files[Number(index)] = target;
            } else if (part.fieldname === 'request') {
              raw = JSON.parse(String(part.value));
            }
          }
        }
        const parsed = cliRequest.safeParse(raw);
        if (!parsed.success)
          throw new ValidationError(
            `field ${parsed.error.issues[0]?.path.join('.') || 'body'}: ${parsed.error.issues[0]?.message}`,
          );
        const argv = parsed.data.argv.map((arg) => {
          const m = UPLOAD_MARK.exec(arg);
          if (!m) return arg;
          const file = files[Number(m[1])];
          if (!file) throw new ValidationError(`field argv: ${arg} has no uploaded file`);
          return file;
        });
        if (NOT_REMOTE.has(argv[0] ?? ''))
          throw new ValidationError(`field argv: "${argv[0]}" cannot run through the server`);
        let stdout = '';
        let stderr = '';
        const { runCli } = await import('../../cli/run.js');
        const code = await runCli(
          argv,
          {
            out: (text) => {
              stdout += text.endsWith('\n') ? text : `${text}\n`;
            },
            err: (text) => {
              stderr += text.endsWith('\n') ? text : `${text}\n`;
            },
            stdin: Readable.from(parsed.data.stdin ? [parsed.data.stdin] : []),
          },
          { local: true },
        );
        return { exit_code: code, stdout, stderr };
      } finally {
        if (dir) await rm(dir, { recursive: true, force: true });
      }
    },
  );
};
