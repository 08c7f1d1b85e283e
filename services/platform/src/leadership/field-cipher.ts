import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ClosError, invalidInput, unavailable } from '@clos/domain';

/** The envelope version every ciphertext starts with. */
const VERSION = 'v1';
const IV_BYTES = 12;

/** Keys for the leadership records' free text: one to write with, any number to read with. */
export interface DataKeyring {
  /** The id written into new ciphertexts. */
  currentId: string;
  keys: ReadonlyMap<string, Buffer>;
}

/** The environment variables a keyring is read from (see env-schema). */
export interface DataKeyEnv {
  CLOS_DATA_KEY?: string | undefined;
  CLOS_DATA_KEY_ID: string;
  CLOS_DATA_KEYS_PREVIOUS?: string | undefined;
}

function key(base64: string, name: string): Buffer {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length !== 32) throw invalidInput(`${name}: must be 32 bytes, base64`);
  return bytes;
}

/**
 * The keyring from the environment; `undefined` when no CLOS_DATA_KEY is set (the
 * leadership routes then answer 503 saying so). Previous keys only decrypt.
 */
export function dataKeyringFromEnv(env: DataKeyEnv): DataKeyring | undefined {
  if (env.CLOS_DATA_KEY === undefined) return undefined;
  const keys = new Map<string, Buffer>();
  for (const pair of env.CLOS_DATA_KEYS_PREVIOUS?.split(',') ?? []) {
    const [id, value] = pair.split(':');
    keys.set(id!, key(value!, `CLOS_DATA_KEYS_PREVIOUS (${id})`));
  }
  keys.set(env.CLOS_DATA_KEY_ID, key(env.CLOS_DATA_KEY, 'CLOS_DATA_KEY'));
  return { currentId: env.CLOS_DATA_KEY_ID, keys };
}

/** Encrypts and decrypts single fields, each bound to where it lives. */
export interface FieldCipher {
  /** `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts). */
  encrypt(plaintext: string, context: string): string;
  decrypt(envelope: string, context: string): string;
  /** The id of the key a ciphertext was written with. */
  keyIdOf(envelope: string): string;
  currentKeyId: string;
}

/**
 * AES-256-GCM per field with a fresh 96-bit IV. `context` (table, column, owner) is the
 * additional authenticated data, so a ciphertext copied onto another row or person fails
 * to decrypt instead of showing one person's text as another's.
 */
export function createFieldCipher(keyring: DataKeyring): FieldCipher {
  const current = keyring.keys.get(keyring.currentId);
  if (current === undefined) throw new ClosError('InvalidInput', `CLOS_DATA_KEY_ID "${keyring.currentId}" names no key`);
  return {
    currentKeyId: keyring.currentId,
    encrypt(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, keyring.currentId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
    },
    decrypt(envelope, context) {
      const [version, keyId, iv, tag, ciphertext] = envelope.split('.');
      if (version !== VERSION || keyId === undefined || iv === undefined || tag === undefined || ciphertext === undefined) {
        throw unavailable('A stored field is not a CLOS ciphertext');
      }
      const secret = keyring.keys.get(keyId);
      if (secret === undefined) {
        throw unavailable(`A stored field was encrypted with key "${keyId}", which this api does not hold (CLOS_DATA_KEYS_PREVIOUS)`);
      }
      const decipher = createDecipheriv('aes-256-gcm', secret, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
      } catch (error) {
        throw new ClosError('Unavailable', 'A stored field failed its integrity check (tampered, or moved from another row)', undefined, { cause: error });
      }
    },
    keyIdOf(envelope) {
      return envelope.split('.')[1] ?? '';
    },
  };
}
