import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@clos/domain';
import { EnvConfigError } from './env-config-error.js';
import { temporalConnectionOptions } from './env-schema.js';
import { loadConfig } from './load-config.js';

const VALID_YML = `
org: acme
timezone: Europe/Berlin
pods:
  - id: payments
    name: Payments
    wipLimit: 3
    repos: [acme/payments-api]
    members:
      - github: alice
        role: lead
`;

function errorOf(fn: () => unknown): EnvConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof EnvConfigError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'clos-config-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies the documented defaults to an empty environment', () => {
    const { env, clos, closConfigPath } = loadConfig({ env: {} });
    expect(env).toMatchObject({
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'clos',
      DYNAMODB_TABLE_PREFIX: 'clos',
      CLOS_DATA_DIR: '.clos',
      PORT: 8080,
      LOG_LEVEL: 'info',
      GITHUB_API_URL: 'https://api.github.com',
      SLACK_API_URL: 'https://slack.com/api/',
      EVENT_BUS: 'local',
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(clos).toBeUndefined();
    expect(closConfigPath).toBeUndefined();
  });

  it('parses values and treats empty strings as unset', () => {
    const { env } = loadConfig({
      env: {
        DATABASE_URL: 'postgres://clos:pw@localhost:5432/clos',
        TEMPORAL_ADDRESS: 'localhost:7233',
        PORT: '3000',
        GITHUB_TOKEN: '',
        GITHUB_APP_ID: '12345',
        GITHUB_PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----\\nabc\\n-----END RSA PRIVATE KEY-----',
        UNRELATED: 'ignored',
      },
    });
    expect(env.PORT).toBe(3000);
    expect(env.GITHUB_TOKEN).toBeUndefined();
    expect(env.GITHUB_PRIVATE_KEY).toBe('-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----');
    expect(env).not.toHaveProperty('UNRELATED');
  });

  it('names every bad variable at once, without echoing values', () => {
    const error = errorOf(() =>
      loadConfig({
        env: {
          DATABASE_URL: 'mysql://root:hunter2@db/clos',
          PORT: 'eighty',
          LOG_LEVEL: 'loud',
          EVENT_BUS: 'kafka',
          TEMPORAL_ADDRESS: 'localhost',
          GITHUB_API_URL: 'not a url',
        },
      }),
    );
    expect(error.code).toBe('InvalidInput');
    expect(error.issues.map((i) => i.variable).sort()).toEqual(
      ['DATABASE_URL', 'EVENT_BUS', 'GITHUB_API_URL', 'LOG_LEVEL', 'PORT', 'TEMPORAL_ADDRESS'].sort(),
    );
    expect(error.message).toMatch(/^Invalid environment:/);
    expect(error.message).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL');
    expect(error.message).toContain('TEMPORAL_ADDRESS: must be host:port');
    expect(error.message).toContain('EVENT_BUS: must be one of local, eventbridge');
    expect(error.message).not.toContain('hunter2');
  });

  it('reports the variables an entry point requires', () => {
    const error = errorOf(() => loadConfig({ env: { TEMPORAL_ADDRESS: 'localhost:7233' }, require: ['DATABASE_URL', 'TEMPORAL_ADDRESS'] }));
    expect(error.issues).toEqual([{ variable: 'DATABASE_URL', message: 'is required' }]);
    const ok = loadConfig({
      env: { DATABASE_URL: 'postgresql://localhost/clos', TEMPORAL_ADDRESS: 'localhost:7233' },
      require: ['DATABASE_URL', 'TEMPORAL_ADDRESS'],
    });
    const url: string = ok.env.DATABASE_URL;
    expect(url).toBe('postgresql://localhost/clos');
  });

  it('checks variables that depend on each other', () => {
    expect(errorOf(() => loadConfig({ env: { EVENT_BUS: 'eventbridge' } })).issues).toEqual([
      { variable: 'EVENT_BUS_NAME', message: 'is required when EVENT_BUS=eventbridge' },
    ]);
    expect(errorOf(() => loadConfig({ env: { GITHUB_APP_ID: '1' } })).issues).toEqual([
      { variable: 'GITHUB_PRIVATE_KEY', message: 'is required when GITHUB_APP_ID is set' },
    ]);
  });

  it('reads and validates clos.yml from CLOS_CONFIG, relative to cwd', () => {
    writeFileSync(join(dir, 'clos.yml'), VALID_YML);
    const { clos, closConfigPath } = loadConfig({ env: { CLOS_CONFIG: 'clos.yml' }, cwd: dir, require: ['CLOS_CONFIG'] });
    expect(closConfigPath).toBe(join(dir, 'clos.yml'));
    expect(clos.org).toBe('acme');
    expect(clos.pods[0]!.wipLimit).toBe(3);
  });

  it('names CLOS_CONFIG when the file is missing', () => {
    const error = errorOf(() => loadConfig({ env: { CLOS_CONFIG: join(dir, 'nope.yml') } }));
    expect(error.message).toContain(`CLOS_CONFIG: cannot read ${join(dir, 'nope.yml')}: no such file`);
  });

  it('passes on the clos.yml error naming the file, path and line', () => {
    const file = join(dir, 'broken.yml');
    writeFileSync(file, VALID_YML.replace('wipLimit: 3', 'wipLimit: 0'));
    expect(() => loadConfig({ env: { CLOS_CONFIG: file } })).toThrow(ConfigError);
    expect(() => loadConfig({ env: { CLOS_CONFIG: file } })).toThrow(/broken\.yml[\s\S]*pods\[0\]\.wipLimit \(line \d+/);
  });
});

describe('Temporal Cloud mTLS', () => {
  const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  const KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';

  it('connects with the client certificate when both halves are given', () => {
    const { env } = loadConfig({ env: { TEMPORAL_ADDRESS: 'acme.a1b2c.tmprl.cloud:7233', TEMPORAL_TLS_CERT: CERT, TEMPORAL_TLS_KEY: KEY } });
    const options = temporalConnectionOptions(env);
    expect(options.address).toBe('acme.a1b2c.tmprl.cloud:7233');
    expect(options.tls?.clientCertPair.crt.toString('utf8')).toBe(CERT.trim());
    expect(options.tls?.clientCertPair.key.toString('utf8')).toBe(KEY.trim());
    expect(temporalConnectionOptions(loadConfig({ env: {} }).env)).toEqual({});
  });

  it('refuses half a pair, or something that is not PEM, naming the variable', () => {
    expect(errorOf(() => loadConfig({ env: { TEMPORAL_TLS_CERT: CERT } })).issues).toEqual([
      { variable: 'TEMPORAL_TLS_KEY', message: 'is required when the other of TEMPORAL_TLS_CERT/TEMPORAL_TLS_KEY is set' },
    ]);
    const notPem = errorOf(() => loadConfig({ env: { TEMPORAL_TLS_CERT: 'hello', TEMPORAL_TLS_KEY: KEY } }));
    expect(notPem.issues).toEqual([{ variable: 'TEMPORAL_TLS_CERT', message: 'must be a PEM certificate' }]);
    expect(notPem.message).not.toContain('MIIE');
  });
});
