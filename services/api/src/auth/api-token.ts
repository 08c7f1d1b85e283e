import { createHash, randomBytes } from 'node:crypto';

/** Every API token starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const TOKEN_PREFIX = 'clos_';

/** Random bytes behind a token: 256 bits, beyond guessing. */
const TOKEN_BYTES = 32;

/** Characters of a token kept as its non-secret prefix, shown in listings to tell tokens apart. */
const DISPLAY_PREFIX_LENGTH = TOKEN_PREFIX.length + 8;

/** `clos_` followed by 43 base64url characters. */
const TOKEN_PATTERN = /^clos_[A-Za-z0-9_-]{43}$/;

/** A new token's plaintext (shown once), its hash (stored) and its display prefix (stored). */
export interface GeneratedToken {
  token: string;
  hash: string;
  prefix: string;
}

/** Draws a new token. The plaintext must never be stored or logged; keep the hash. */
export function generateToken(): GeneratedToken {
  const token = `${TOKEN_PREFIX}${randomBytes(TOKEN_BYTES).toString('base64url')}`;
  return { token, hash: hashToken(token), prefix: displayPrefix(token) };
}

/**
 * The stored form of a token: lower-case SHA-256 hex. A fast hash is right here (no
 * password stretching): tokens are long random strings, not guessable passwords.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The non-secret start of a token (`clos_AbCdEfGh`). */
export function displayPrefix(token: string): string {
  return token.slice(0, DISPLAY_PREFIX_LENGTH);
}

/** Whether `value` has the shape of a CLOS token (says nothing about whether it is valid). */
export function looksLikeToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}
