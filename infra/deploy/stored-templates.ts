import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a checkout keeps the templates of its last successful deploy of a stage, the
 * baseline of an offline `--dry-run` (under `.clos/`, which git ignores).
 */
export function storedTemplatesDir(repoRoot: string, stage: string): string {
  return join(repoRoot, '.clos', 'deploy', stage);
}

/** The stored template of `stack`, or undefined when this checkout never deployed it. */
export function readStoredTemplate(dir: string, stack: string): Record<string, unknown> | undefined {
  const file = join(dir, `${stack}.template.json`);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** Records the deployed templates as the next baseline. */
export function storeTemplates(dir: string, templates: ReadonlyMap<string, Record<string, unknown>>): void {
  mkdirSync(dir, { recursive: true });
  for (const [stack, template] of templates) {
    writeFileSync(join(dir, `${stack}.template.json`), `${JSON.stringify(template, null, 1)}\n`);
  }
  writeFileSync(join(dir, 'deployed-at.txt'), `${new Date().toISOString()}\n`);
}
