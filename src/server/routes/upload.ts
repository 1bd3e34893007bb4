import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { UserError, ValidationError } from '../../core/errors.js';

/** A multipart upload saved to a private temp dir, with its form fields. */
export interface Upload {
  dir: string;
  file: string;
  fileName: string;
  bytes: number;
  fields: Record<string, string>;
  /** Removes the temp dir. */
  discard(): Promise<void>;
}

/** Streams the multipart `file` to a private temp dir (keeping its base name for error messages). */
export async function receiveUpload(req: FastifyRequest): Promise<Upload> {
  if (!req.isMultipart())
    throw new UserError('unsupported_media_type', 'send multipart/form-data with a file field', { status: 415 });
  const dir = await mkdtemp(path.join(tmpdir(), 'yardstick-upload-'));
  const discard = () => rm(dir, { recursive: true, force: true });
  const fields: Record<string, string> = {};
  let file: string | undefined;
  let fileName = '';
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || file) {
          part.file.resume();
          throw new ValidationError(`field ${part.fieldname}: only one file, in the field "file"`, [
            { field: part.fieldname },
          ]);
        }
        fileName = path.basename(part.filename || 'upload').replace(/[^\p{L}\p{N}._ -]/gu, '_') || 'upload';
        file = path.join(dir, fileName);
        await pipeline(part.file, createWriteStream(file, { mode: 0o600 }));
        if (part.file.truncated) {
          throw new UserError('payload_too_large', `field file: larger than the upload limit`, { status: 413 });
        }
      } else {
        fields[part.fieldname] = String(part.value ?? '');
      }
    }
    if (!file) throw new ValidationError('field file: required (multipart file upload)', [{ field: 'file' }]);
    const { size } = await stat(file);
    return { dir, file, fileName, bytes: size, fields, discard };
  } catch (error) {
    await discard();
    throw error;
  }
}

const FORMAT = /^[a-z][a-z0-9_-]{1,40}$/;

/** The `format` field of an upload, or a field error. */
export function uploadFormat(upload: Upload): string {
  const format = upload.fields.format?.trim() ?? '';
  if (!FORMAT.test(format))
    throw new ValidationError('field format: required, e.g. ga4, leads, events', [{ field: 'format' }]);
  return format;
}

/** The `sheet` field (XLSX sheet name), if given. */
export function uploadSheet(upload: Upload): string | undefined {
  return upload.fields.sheet?.trim() || undefined;
}
