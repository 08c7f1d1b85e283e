import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { readStacks } from '../deploy/cloud-assembly.js';
import { diffAgainstBaseline } from '../deploy/offline-diff.js';
import { STAGES, stackNames } from '../lib/index.js';
import { infraDir, repoRoot } from './synth-stage.js';

/**
 * The environment of a fresh machine with no AWS configuration at all: no credentials, no
 * profile files, no instance metadata, nothing inherited from the test stack's emulators.
 */
function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(AWS_|CDK_)/.test(name)) env[name] = value;
  }
  const home = mkdtempSync(join(tmpdir(), 'clos-offline-home-'));
  return {
    ...env,
    HOME: home,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'missing-credentials'),
    AWS_CONFIG_FILE: join(home, 'missing-config'),
  };
}

const stacks = Object.values(stackNames(STAGES.dev));
const outdir = mkdtempSync(join(tmpdir(), 'clos-cdk-synth-'));
let synth: SpawnSyncReturns<string>;
// The one `cdk synth` of this file; the offline diff below reads its output too.
beforeAll(() => {
  synth = spawnSync('npx', ['cdk', 'synth', '--quiet', '-o', outdir], { cwd: infraDir, env: offlineEnv(), encoding: 'utf8' });
}, 240_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('without AWS credentials', () => {
  it('`npx cdk synth` synthesizes every stack', () => {
    expect({ status: synth.status, stderr: synth.status === 0 ? '' : synth.stderr }).toEqual({ status: 0, stderr: '' });
    expect(readdirSync(outdir).filter((f) => f.endsWith('.template.json')).sort()).toEqual(stacks.map((s) => `${s}.template.json`).sort());
  });

  it('`npm run deploy -- --dry-run` prints what a first deploy would create', () => {
    const run = spawnSync(process.execPath, ['scripts/deploy.mjs', '--dry-run', '--stage', 'dev'], {
      cwd: repoRoot,
      // The template linter built into synthesis already ran in the test above.
      env: { ...offlineEnv(), CDK_VALIDATION: 'false' },
      encoding: 'utf8',
    });
    expect({ status: run.status, stderr: run.status === 0 ? '' : run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toContain('No AWS credentials');
    expect(run.stdout).toMatch(/\[\+\] AWS::ECS::Service \S*ApiService/);
    expect(run.stdout).toMatch(/\[\+\] AWS::RDS::DBInstance PostgresInstance/);
    expect(run.stdout).toContain(`Dry run: ${stacks.length} of ${stacks.length} stacks would change. Nothing was deployed.`);
  }, 240_000);

  it('refuses a stage it does not know, naming the ones it does', () => {
    const run = spawnSync(process.execPath, ['scripts/deploy.mjs', '--dry-run', '--stage', 'qa'], {
      cwd: repoRoot,
      env: offlineEnv(),
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('deploy: unknown stage "qa": expected one of dev, prod');
  }, 60_000);

  it('refuses a real deploy, pointing at --dry-run', () => {
    const run = spawnSync(process.execPath, ['scripts/deploy.mjs', '--stage', 'dev'], { cwd: repoRoot, env: offlineEnv(), encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/deploy: no usable AWS credentials \(.+\)\. .*--dry-run/);
  }, 60_000);
});

describe('the offline diff', () => {
  const collect = () => {
    let text = '';
    const out = new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString();
        done();
      },
    });
    return { out, text: () => text };
  };

  it('finds nothing to do against the templates it would deploy, and exactly the change made to them', () => {
    const synthesized = readStacks(outdir, stacks);
    const same = collect();
    expect(diffAgainstBaseline(synthesized, (name) => synthesized.find((s) => s.name === name)?.template, same.out).every((c) => c.changes === 0)).toBe(true);
    expect(same.text()).toContain('There were no differences');

    const messaging = synthesized.find((s) => s.name === 'clos-dev-messaging')!;
    const resources = { ...(messaging.template.Resources as Record<string, unknown>) };
    const dlq = Object.keys(resources).find((id) => id.startsWith('GithubDlq'))!;
    delete resources[dlq];
    const older = { ...messaging.template, Resources: resources };
    const changed = collect();
    const [change] = diffAgainstBaseline([messaging], () => older, changed.out);
    expect(change).toEqual({ stack: 'clos-dev-messaging', changes: 1, isNew: false });
    expect(changed.text()).toContain(`[+] AWS::SQS::Queue ${dlq}`);
  });
});
