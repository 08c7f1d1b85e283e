import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeployError } from './deploy-error.js';

interface ManifestArtifact {
  type: string;
  properties?: { templateFile?: string };
  metadata?: Record<string, { type: string; data?: unknown }[]>;
}

/** A synthesized stack as the deploy needs it: its template and logical id → construct path. */
export interface SynthesizedStack {
  readonly name: string;
  readonly template: Record<string, unknown>;
  readonly paths: Record<string, string>;
}

/** Reads the stacks named in `stacks` from the cloud assembly in `dir`. */
export function readStacks(dir: string, stacks: readonly string[]): SynthesizedStack[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    artifacts?: Record<string, ManifestArtifact>;
  };
  return stacks.map((name) => {
    const artifact = manifest.artifacts?.[name];
    const templateFile = artifact?.properties?.templateFile;
    if (artifact?.type !== 'aws:cloudformation:stack' || !templateFile) {
      throw new DeployError('CDK_FAILED', `stack ${name} is missing from the synthesized app in ${dir}`);
    }
    const paths: Record<string, string> = {};
    for (const [path, entries] of Object.entries(artifact.metadata ?? {})) {
      for (const entry of entries) {
        if (entry.type === 'aws:cdk:logicalId' && typeof entry.data === 'string') paths[entry.data] = path;
      }
    }
    const template = JSON.parse(readFileSync(join(dir, templateFile), 'utf8')) as Record<string, unknown>;
    return { name, template, paths };
  });
}
