import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localSecrets } from './local-secrets.js';

describe('localSecrets', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'clos-secrets-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('makes a role password and an audit chain key once, readable by the owner only, and keeps them', () => {
    const first = localSecrets(dir);
    expect(first.servicePassword).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(first.auditChainKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(first.dataKey, 'base64')).toHaveLength(32);
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    // A restart must chain under the same key, or the log it wrote before stops verifying.
    expect(localSecrets(dir)).toEqual(first);
  });

  it('adds a data key to a data folder made before it, keeping the other secrets', () => {
    writeFileSync(join(dir, 'secrets.json'), JSON.stringify({ servicePassword: 'p', auditChainKey: 'k' }));
    const upgraded = localSecrets(dir);
    expect(upgraded).toMatchObject({ servicePassword: 'p', auditChainKey: 'k' });
    expect(Buffer.from(upgraded.dataKey, 'base64')).toHaveLength(32);
    expect(localSecrets(dir)).toEqual(upgraded);
  });
});
