import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * The domain runs inside Temporal workflows, which replay: it may not read the clock,
 * draw random numbers or reach Node builtins. Tests may; the code may not.
 */

const srcDir = fileURLToPath(new URL('../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const ALLOWED_PACKAGES = new Set(['zod', 'yaml']);

describe('the domain stays pure', () => {
  const files = sourceFiles(srcDir);

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [f.slice(srcDir.length + 1), f]))('%s reads no clock, no randomness, no builtins', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    // `new Date(instant)` converts a given instant and is allowed; `new Date()` reads the clock.
    expect(text).not.toMatch(/\bDate\.now\s*\(|\bnew Date\s*\(\s*\)|\bnew Date\b(?!\s*\()|\bMath\.random\s*\(|\bperformance\.now\s*\(|\bprocess\./);
    const imports = [...text.matchAll(/\bfrom\s+'([^']+)'/g)].map((m) => m[1] ?? '');
    for (const spec of imports) {
      expect(builtins.has(spec)).toBe(false);
      if (!spec.startsWith('.')) expect(ALLOWED_PACKAGES).toContain(spec);
    }
  });
});
