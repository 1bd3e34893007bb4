import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { recordAudit } from '../../app/audit/index.js';
import {
  assertMayImport,
  failInterruptedImportJobs,
  finishImportJob,
  getImportJob,
  type ImportJobError,
  importJobProgress,
  importJobProgressToken,
  listImportJobs,
  previewImport,
  startImportJob,
} from '../../app/imports/index.js';
import { UserError, ValidationError } from '../../core/errors.js';
import { FORMATS, importFile, rollbackImport } from '../../ingest/index.js';
import { requireContext, requireUser } from '../auth/hooks.js';
import { policy } from '../auth/policy.js';
import { structuredErrors } from '../errors.js';
import { type PageQuery, pageQuery } from '../pagination.js';
import { parseColumnMap } from './ingest-api.js';
import { receiveUpload, uploadFormat, uploadSheet } from './upload.js';

/** How long a small upload's import may take before the answer becomes 202 with the job. */
const SYNC_WAIT_MS = 20_000;
const IMPORTERS = ['admin', 'analyst', 'member'] as const;

function toJobError(error: unknown): ImportJobError {
  if (error instanceof UserError) {
    const located = error instanceof ValidationError ? structuredErrors(error.details) : undefined;
    return {
      code: error.code,
      message: error.message,
      status: error.status,
      ...(located ? { errors: located.errors, error_count: located.errorCount } : {}),
    };
  }
  return { code: 'internal', message: 'the import failed with an internal error (see the server log)', status: 500 };
}

function knownFormat(format: string): void {
  if (!FORMATS.some((f) => f.id === format)) {
    const known = FORMATS.map((f) => f.id).join(', ');
    throw new ValidationError(`field format: unknown import format "${format}" (one of: ${known})`, [
      { field: 'format' },
    ]);
  }
}

const idParams = z.object({ id: z.string().min(1).max(64) });
const progressQuery = z.object({ token: z.string().min(1).max(100) });

/** Upload files for import (a job with progress, kept in the database), previews, import history and rollback. */
export const importRoutes: FastifyPluginAsync = async (app) => {
  // Jobs a previous server process left running can never finish: say so instead of "running" forever.
  await failInterruptedImportJobs(app.engine);

  app.post(
    '/imports',
    {
      config: policy({ roles: IMPORTERS, scopes: ['import'] }),
      bodyLimit: app.yardstick.fileLimit,
      schema: {
        summary: 'Import a file (multipart: file, format, map, sheet, dry_run); members only rows they own',
        tags: ['imports'],
        consumes: 'multipart/form-data',
      },
    },
    async (req, reply) => {
      const user = requireUser(req);
      const upload = await receiveUpload(req);
      try {
        const format = uploadFormat(upload);
        const map = parseColumnMap(upload.fields.map);
        const sheet = uploadSheet(upload);
        const dryRun = /^(1|true|yes|on)$/i.test(upload.fields.dry_run ?? '');
        await assertMayImport(user, { format, file: upload.file, fileName: upload.fileName, map, sheet });
        const job = await startImportJob(app.engine, {
          username: user.username,
          format,
          fileName: upload.fileName,
          dryRun,
          totalBytes: upload.bytes,
        });
        let failure: unknown;
        const run = importFile(app.engine, {
          format,
          file: upload.file,
          fileName: upload.fileName,
          dryRun,
          username: user.username,
          ...(map ? { map } : {}),
          ...(sheet ? { sheet } : {}),
          onProgress: (p) => {
            job.progress = { ...p, totalBytes: p.totalBytes || job.progress.totalBytes };
          },
        })
          .then(
            (result) => finishImportJob(app.engine, job, { result }),
            (error: unknown) => {
              if (!(error instanceof UserError)) req.log.error({ err: error }, 'import failed');
              failure = error;
              return finishImportJob(app.engine, job, { error: toJobError(error) });
            },
          )
          .catch((error: unknown) => req.log.error({ err: error }, 'could not record the end of import job'))
          .finally(() => upload.discard());
        reply.header('x-import-job', job.id);
        if (upload.bytes <= app.yardstick.importSyncBytes) {
          await Promise.race([run, new Promise((resolve) => setTimeout(resolve, SYNC_WAIT_MS).unref())]);
        }
        if (job.status === 'done') return job.result;
        // A user error goes through the one error handler, which adds structured row/column errors.
        if (job.status === 'failed' && failure instanceof UserError) throw failure;
        if (job.status === 'failed' && job.error) {
          return reply.status(job.error.status).send({ error: { code: job.error.code, message: job.error.message } });
        }
        return reply.status(202).send({
          job_id: job.id,
          status: job.status,
          progress: job.progress,
          // Read live progress without cookies: GET /api/imports/jobs/{id}/progress?token=…
          progress_token: importJobProgressToken(job.id) ?? null,
        });
      } catch (error) {
        await upload.discard();
        throw error;
      }
    },
  );

  app.post(
    '/imports/preview',
    {
      config: policy({ roles: IMPORTERS, scopes: ['import'] }),
      bodyLimit: app.yardstick.fileLimit,
      schema: {
        summary: 'Preview an upload: detected encoding, header, first rows and the column mapping (nothing is written)',
        tags: ['imports'],
        consumes: 'multipart/form-data',
      },
    },
    async (req) => {
      const upload = await receiveUpload(req);
      try {
        const format = uploadFormat(upload);
        knownFormat(format);
        return await previewImport({
          format,
          file: upload.file,
          fileName: upload.fileName,
          map: parseColumnMap(upload.fields.map),
          sheet: uploadSheet(upload),
        });
      } finally {
        await upload.discard();
      }
    },
  );

  app.get(
    '/imports/formats',
    {
      config: policy({ roles: 'authenticated', scopes: ['import', 'read'] }),
      schema: { summary: 'Supported import formats (canonical tables and source exports)', tags: ['imports'] },
    },
    async () => FORMATS,
  );

  app.get(
    '/imports/jobs',
    {
      config: policy({ roles: IMPORTERS, scopes: ['import', 'read'] }),
      schema: {
        summary: 'Import jobs, newest first: your own (analysts and admins: everyone’s)',
        tags: ['imports'],
        querystring: pageQuery,
      },
    },
    async (req) => listImportJobs(app.engine, requireUser(req), req.query as PageQuery),
  );

  app.get(
    '/imports/jobs/:id',
    {
      config: policy({ roles: IMPORTERS, scopes: ['import', 'read'] }),
      schema: { summary: 'State, progress and result of an import job', tags: ['imports'], params: idParams },
    },
    async (req) => getImportJob(app.engine, requireContext(req).user, (req.params as z.infer<typeof idParams>).id),
  );

  app.get(
    '/imports/jobs/:id/progress',
    {
      // The job's own secret authorises (sent without cookies, so no session lookup waits for the import).
      config: policy({ roles: 'public' }),
      schema: {
        summary: 'Live progress of a running import job, for the holder of its progress_token',
        tags: ['imports'],
        params: idParams,
        querystring: progressQuery,
      },
    },
    async (req) =>
      importJobProgress(
        (req.params as z.infer<typeof idParams>).id,
        (req.query as z.infer<typeof progressQuery>).token,
      ),
  );

  app.get(
    '/imports',
    {
      config: policy({ roles: ['admin', 'analyst'] }),
      schema: { summary: 'Import history, newest first', tags: ['imports'], querystring: pageQuery },
    },
    async (req) => {
      const q = req.query as PageQuery;
      const [count] = await app.engine.query<{ n: number }>('SELECT count(*) AS n FROM imports');
      const rows = await app.engine.query(
        `SELECT * FROM imports ORDER BY started_at DESC LIMIT ${q.page_size} OFFSET ${(q.page - 1) * q.page_size}`,
      );
      return { items: rows, total: count?.n ?? 0, page: q.page, page_size: q.page_size };
    },
  );

  app.post(
    '/imports/:id/rollback',
    {
      config: policy({ roles: ['admin', 'analyst'] }),
      schema: { summary: 'Undo an import', tags: ['imports'], params: idParams },
    },
    async (req) => {
      const user = requireUser(req);
      const { id } = req.params as z.infer<typeof idParams>;
      return app.engine.transaction(async (tx) => {
        const result = await rollbackImport(tx, id, user.username);
        await recordAudit(tx, {
          actor: user.username,
          entity: 'import',
          entity_id: id,
          action: 'rollback',
          after: result,
        });
        return result;
      });
    },
  );
};
