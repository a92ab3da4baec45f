// The hub's shared secret: 32 random bytes, hex, in a 0600 file only the user can read. A proxy
// proves it runs as that user by presenting it; the hub compares in constant time.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../state/atomic-file.js';

export function newToken(): string {
  return randomBytes(32).toString('hex');
}

export async function writeToken(file: string, token: string): Promise<void> {
  await writeFileAtomic(file, `${token}\n`);
}

/** The token in the file, or undefined when there is none (no hub has run). */
export function readTokenSync(file: string): string | undefined {
  try {
    const token = readFileSync(file, 'utf8').trim();
    return /^[0-9a-f]{64}$/.test(token) ? token : undefined;
  } catch {
    return undefined;
  }
}

export function tokensEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
