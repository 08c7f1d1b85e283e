import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Secrets `npm run up` makes once per data folder and reuses. */
export interface LocalSecrets {
  /** Password of the services' least-privilege database role. */
  servicePassword: string;
  /** AUDIT_CHAIN_KEY, the audit chain's HMAC key. */
  auditChainKey: string;
  /** CLOS_DATA_KEY, the key leadership records' free text is encrypted with (32 bytes, base64). */
  dataKey: string;
}

/** Login name of the services' database role in the local stack. */
export const LOCAL_SERVICE_ROLE = 'clos_service';

/**
 * The local stack's generated secrets, kept in `<dataDir>/secrets.json` (mode 0600) so a
 * restart keeps the same role password and — what matters — the same audit chain key:
 * entries chained under a lost key can no longer be verified.
 */
export function localSecrets(dataDir: string): LocalSecrets {
  const file = join(dataDir, 'secrets.json');
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets>;
    if (typeof stored.servicePassword === 'string' && typeof stored.auditChainKey === 'string') {
      if (typeof stored.dataKey === 'string') return { servicePassword: stored.servicePassword, auditChainKey: stored.auditChainKey, dataKey: stored.dataKey };
      // A data folder from before the data key: keep its secrets, add the key.
      return save(file, { servicePassword: stored.servicePassword, auditChainKey: stored.auditChainKey, dataKey: randomBytes(32).toString('base64') });
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  return save(file, {
    servicePassword: randomBytes(24).toString('base64url'),
    auditChainKey: randomBytes(32).toString('base64url'),
    dataKey: randomBytes(32).toString('base64'),
  });
}

function save(file: string, secrets: LocalSecrets): LocalSecrets {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  return secrets;
}
