import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, type Environment } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addClosStacks, type ClosStacks, type StageConfig } from '../lib/index.js';

/** The infra package and the repository root (the images' build context). */
export const infraDir = fileURLToPath(new URL('..', import.meta.url));
export const repoRoot = join(infraDir, '..');

/** The feature flags and settings of cdk.json, so tests synthesize what `cdk synth` does. */
const cdkJsonContext = (JSON.parse(readFileSync(join(infraDir, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> })
  .context;

/** A stage synthesized once, with a Template per stack. */
export interface SynthesizedStage {
  readonly app: App;
  readonly stacks: ClosStacks;
  readonly assembly: CloudAssembly;
  readonly templates: { readonly [K in keyof ClosStacks]: Template };
}

/**
 * Synthesizes a stage into a temporary directory. The CloudFormation linter built into
 * synthesis is left to the `cdk synth` test; the cdk-nag checks run as in the real app.
 */
export function synthStage(
  config: StageConfig,
  options: { env?: Environment; context?: Record<string, unknown>; certificateArn?: string } = {},
): SynthesizedStage {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'clos-cdk-test-')),
    context: { ...cdkJsonContext, ...options.context },
    builtinCloudFormationValidation: false,
  });
  const stacks = addClosStacks(app, {
    config,
    sourceRoot: repoRoot,
    env: options.env ?? { region: 'us-east-1' },
    ...(options.certificateArn ? { certificateArn: options.certificateArn } : {}),
  });
  const assembly = app.synth();
  const template = (name: string) => Template.fromJSON(assembly.getStackByName(name).template as Record<string, unknown>);
  return {
    app,
    stacks,
    assembly,
    templates: {
      network: template(stacks.network.stackName),
      data: template(stacks.data.stackName),
      messaging: template(stacks.messaging.stackName),
      migrations: template(stacks.migrations.stackName),
      compute: template(stacks.compute.stackName),
    },
  };
}

/** Every AwsSolutions finding nobody acknowledged, as `rule resource` lines. */
export function nagFindings(app: App): string[] {
  const report = new AwsSolutionsChecks().validateScope(app);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => `${violation.ruleName} ${resource.constructPath ?? resource.resourceLogicalId}`),
  );
}

/** The container definitions of the task definitions in a template. */
export function containers(template: Template): { Name: string; Environment?: { Name: string; Value: unknown }[]; Secrets?: { Name: string }[]; Command?: string[] }[] {
  return Object.values(template.findResources('AWS::ECS::TaskDefinition')).flatMap(
    (resource) => (resource as { Properties: { ContainerDefinitions: never[] } }).Properties.ContainerDefinitions,
  );
}
