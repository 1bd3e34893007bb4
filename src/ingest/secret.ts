import { createHash, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { config } from '../config.js';

let cached: string | undefined;

/**
 * The installation secret that salts email/phone hashes: YARDSTICK_SECRET, else a random secret created once
 * (mode 0600) at `<data dir>/runtime/secret` next to the database.
 */
export function hashSecret(): string {
  if (cached) return cached;
  const configured = config().secret;
  if (configured) {
    cached = configured;
    return cached;
  }
  const file = path.join(path.dirname(config().dbPath), 'runtime', 'secret');
  try {
    cached = readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const secret = randomBytes(32).toString('hex');
    try {
      writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
      cached = secret;
    } catch {
      // another process created it first: use theirs
      cached = readFileSync(file, 'utf8').trim();
    }
  }
  if (!cached) throw new Error(`empty secret file ${file}`);
  return cached;
}

/** Normalises an email for matching: trimmed, lower-case; undefined when it is not an address. */
export function normaliseEmail(raw: string): string | undefined {
  const email = raw.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : undefined;
}

/** Normalises a phone number to its digits, without a +86 / 0086 country prefix. */
export function normalisePhone(raw: string): string | undefined {
  let digits = raw.replace(/\D/g, '');
  if (/^(\+|00)\s*86/.test(raw.trim()) || (digits.length === 13 && digits.startsWith('86'))) {
    digits = digits.replace(/^(00)?86/, '');
  }
  return digits.length >= 5 && digits.length <= 15 ? digits : undefined;
}

/** HMAC-SHA256 of a normalised identifier with the installation secret (hex). */
export function hashIdentifier(kind: 'email' | 'phone', normalised: string, secret: string = hashSecret()): string {
  return createHmac('sha256', secret).update(`${kind}:${normalised}`).digest('hex');
}

/** A short stable content hash (hex) of some text. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
