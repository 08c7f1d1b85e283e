import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { PLACEHOLDER_CERTIFICATE_ARN, UnknownStageError, stageConfig, type StageConfig } from '../lib/config.js';
import { COMPUTE_OUTPUTS, stackNames } from '../lib/outputs.js';
import { findAwsIdentity, type AwsIdentity } from './aws-identity.js';
import { runCdk } from './cdk-cli.js';
import { readStacks } from './cloud-assembly.js';
import { DEPLOY_USAGE, parseDeployArgs } from './deploy-args.js';
import { DeployError } from './deploy-error.js';
import { diffAgainstBaseline } from './offline-diff.js';
import { runMigrationTask } from './run-migrations.js';
import { readStoredTemplate, storeTemplates, storedTemplatesDir } from './stored-templates.js';

const infraDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = join(infraDir, '..');

/** The environment the deploy command reads (passed in by its entry point). */
export interface DeployEnv {
  /** Replaces the stage's certificate ARN (also read by the CDK app's bin/). */
  readonly CLOS_CERTIFICATE_ARN?: string | undefined;
}

/** `npm run deploy -- …`. Resolves when done; throws {@link DeployError} on expected failures. */
export async function deploy(argv: readonly string[], env: DeployEnv, log: (line: string) => void = console.log): Promise<void> {
  const options = parseDeployArgs(argv);
  if (options.help) {
    log(DEPLOY_USAGE);
    return;
  }
  let config: StageConfig;
  try {
    config = stageConfig(options.stage);
  } catch (error) {
    if (error instanceof UnknownStageError) throw new DeployError('UNKNOWN_STAGE', error.message);
    throw error;
  }
  const stacks = Object.values(stackNames(config));
  const lookup = await findAwsIdentity();

  if (options.dryRun) {
    await dryRun(config, stacks, lookup.identity, lookup.identity ? undefined : lookup.reason, log);
    return;
  }
  if (!lookup.identity) {
    throw new DeployError(
      'NO_CREDENTIALS',
      `no usable AWS credentials (${lookup.reason}). Configure them (e.g. AWS_PROFILE and AWS_REGION), or preview offline with --dry-run.`,
    );
  }
  await realDeploy(config, stacks, lookup.identity, env, log);
}

async function dryRun(
  config: StageConfig,
  stacks: readonly string[],
  identity: AwsIdentity | undefined,
  offlineReason: string | undefined,
  log: (line: string) => void,
): Promise<void> {
  const outdir = mkdtempSync(join(tmpdir(), `clos-${config.stage}-synth-`));
  try {
    log(`Synthesizing stage ${config.stage}…`);
    await runCdk(['synth', '--quiet', '-c', `stage=${config.stage}`, '-o', outdir], { cwd: infraDir });
    if (identity) {
      log(`Comparing with the stacks deployed in ${identity.account}/${identity.region}:`);
      await runCdk(['diff', '--app', outdir, ...stacks], { cwd: infraDir });
      return;
    }
    const storedDir = storedTemplatesDir(repoRoot, config.stage);
    log(`No AWS credentials (${offlineReason}): comparing offline with the last deploy recorded in ${storedDir}.`);
    const changes = diffAgainstBaseline(readStacks(outdir, stacks), (stack) => readStoredTemplate(storedDir, stack), process.stdout);
    const changed = changes.filter((c) => c.changes > 0);
    log('');
    for (const c of changes) log(`  ${c.stack}: ${c.isNew ? 'new stack' : c.changes === 0 ? 'no changes' : `${c.changes} change(s)`}`);
    log(`Dry run: ${changed.length} of ${changes.length} stacks would change. Nothing was deployed.`);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

async function realDeploy(
  config: StageConfig,
  stacks: readonly string[],
  identity: AwsIdentity,
  env: DeployEnv,
  log: (line: string) => void,
): Promise<void> {
  refusePlaceholders(config, env);
  const names = stackNames(config);
  const target = `aws://${identity.account}/${identity.region}`;
  log(`Deploying stage ${config.stage} to ${target} as ${identity.arn}`);

  if (!(await isBootstrapped(identity.region))) {
    log(`${target} is not bootstrapped for the CDK yet: bootstrapping`);
    await runCdk(['bootstrap', target], { cwd: infraDir });
  }

  const outdir = join(infraDir, 'cdk.out');
  const outputsFile = join(outdir, `outputs-${config.stage}.json`);
  await runCdk(['synth', '--quiet', '-c', `stage=${config.stage}`, '-o', outdir], { cwd: infraDir });
  const deployArgs = ['deploy', '--app', outdir, '--require-approval', 'never', '--outputs-file', outputsFile];

  // Everything the services need, the schema included, exists before new service code starts.
  await runCdk([...deployArgs, names.network, names.data, names.messaging, names.migrations], { cwd: infraDir });
  await runMigrationTask(readOutputs(outputsFile, names.migrations), identity.region, log);
  await runCdk([...deployArgs, '--exclusively', names.compute], { cwd: infraDir });

  storeTemplates(
    storedTemplatesDir(repoRoot, config.stage),
    new Map(readStacks(outdir, stacks).map((stack) => [stack.name, stack.template])),
  );
  const outputs = readOutputs(outputsFile, names.compute);
  log(`
CLOS ${config.stage} is deployed: ${outputs[COMPUTE_OUTPUTS.apiUrl]}

Point ${config.api.domainName} at ${outputs[COMPUTE_OUTPUTS.loadBalancerDnsName]} (CNAME or alias), then register:
  GitHub App webhook URL   ${outputs[COMPUTE_OUTPUTS.githubWebhookUrl]}
  Linear webhook URL       ${outputs[COMPUTE_OUTPUTS.linearWebhookUrl]}
  Slack request URL        ${outputs[COMPUTE_OUTPUTS.slackEventsUrl]}

Credentials live in Secrets Manager: clos/${config.stage}/github, clos/${config.stage}/slack, clos/${config.stage}/linear${
    config.temporal.mode === 'cloud' ? `, clos/${config.stage}/temporal` : ''
  } (see docs/operations.md).`);
}

/** A real deploy refuses the shipped example values, which would deploy but never work. */
function refusePlaceholders(config: StageConfig, env: DeployEnv): void {
  const problems: string[] = [];
  if (config.api.certificateArn === PLACEHOLDER_CERTIFICATE_ARN && !env.CLOS_CERTIFICATE_ARN?.trim()) {
    problems.push(`api.certificateArn is the placeholder: set it in infra/lib/config.ts or export CLOS_CERTIFICATE_ARN`);
  }
  if (config.api.domainName.endsWith('example.com')) {
    problems.push(`api.domainName is ${config.api.domainName}: set your domain in infra/lib/config.ts`);
  }
  if (config.temporal.mode === 'cloud' && config.temporal.address.includes('.example.')) {
    problems.push(`temporal.address is ${config.temporal.address}: set your Temporal Cloud namespace endpoint`);
  }
  if (problems.length > 0) {
    throw new DeployError('PLACEHOLDER_CONFIG', `stage ${config.stage} still has example settings:\n  ${problems.join('\n  ')}`);
  }
}

async function isBootstrapped(region: string): Promise<boolean> {
  const cloudformation = new CloudFormationClient({ region });
  try {
    const answer = await cloudformation.send(new DescribeStacksCommand({ StackName: 'CDKToolkit' }));
    return (answer.Stacks ?? []).some((stack) => !stack.StackStatus?.startsWith('DELETE'));
  } catch (error) {
    if ((error as Error).message.includes('does not exist')) return false;
    throw error;
  } finally {
    cloudformation.destroy();
  }
}

function readOutputs(file: string, stack: string): Record<string, string> {
  const all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string>>;
  const outputs = all[stack];
  if (!outputs) throw new DeployError('MISSING_OUTPUT', `no outputs of ${stack} in ${file}`);
  return outputs;
}
