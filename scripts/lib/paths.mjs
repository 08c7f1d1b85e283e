import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout root (scripts/ sits directly under it). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Node arguments that run a TypeScript entry straight from source: tsx
 * transforms it, and the `@clos/source` condition makes every @clos/* import
 * resolve to the package's src/ instead of its (possibly absent) build.
 */
export const tsNodeArgs = ['--conditions=@clos/source', '--import', 'tsx'];
