import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';

const FULL_LIMIT = 64 * 1024 * 1024;

/** SHA-256 of a file; files over 64 MiB get a sampled fingerprint (size + first and last MiB) to stay fast. */
export async function fileHash(file: string): Promise<string> {
  const size = statSync(file).size;
  const hash = createHash('sha256');
  if (size <= FULL_LIMIT) {
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }
  const fd = openSync(file, 'r');
  try {
    const part = Buffer.alloc(1 << 20);
    hash.update(String(size));
    hash.update(part.subarray(0, readSync(fd, part, 0, part.length, 0)));
    hash.update(part.subarray(0, readSync(fd, part, 0, part.length, size - part.length)));
  } finally {
    closeSync(fd);
  }
  return `sampled:${hash.digest('hex')}`;
}
