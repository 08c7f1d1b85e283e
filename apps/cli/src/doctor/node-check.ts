import type { CheckResult } from './doctor-check.js';

type Version = [number, number, number];

function parseVersion(text: string): Version | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text.trim());
  if (match === null) return undefined;
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/**
 * Whether `version` satisfies an engines range made of `>=`, `>`, `<=`, `<` or `=`
 * comparators joined by spaces (all must hold) and `||` (any side): the forms a
 * package.json `engines.node` uses. `undefined` when the range is of another form.
 */
export function satisfiesRange(version: string, range: string): boolean | undefined {
  const current = parseVersion(version);
  if (current === undefined) return undefined;
  const alternatives = range.split('||').map((part) => part.trim().split(/\s+/).filter(Boolean));
  let any = false;
  for (const comparators of alternatives) {
    let all = true;
    for (const comparator of comparators) {
      const match = /^(>=|<=|>|<|=)?\s*(v?\d+(?:\.\d+){0,2})$/.exec(comparator);
      if (match === null) return undefined;
      const wanted = parseVersion(match[2]!)!;
      const c = compare(current, wanted);
      const holds = { '>=': c >= 0, '<=': c <= 0, '>': c > 0, '<': c < 0, '=': c === 0 }[match[1] ?? '='];
      if (!holds) all = false;
    }
    if (all) any = true;
  }
  return any;
}

/** The running Node against the `engines.node` range of the repository's package.json. */
export function checkNode(input: { version: string; enginesRange: string | undefined }): CheckResult {
  const { version, enginesRange } = input;
  if (enginesRange === undefined) return { check: 'node', status: 'ok', detail: `Node ${version} (package.json names no engines.node)` };
  const fits = satisfiesRange(version, enginesRange);
  if (fits === undefined) {
    return { check: 'node', status: 'warn', detail: `Node ${version}; cannot read the engines range "${enginesRange}"`, fix: `Make sure Node satisfies ${enginesRange}.` };
  }
  if (!fits) {
    return {
      check: 'node',
      status: 'fail',
      detail: `Node ${version} does not satisfy engines.node "${enginesRange}"`,
      fix: `Install a Node that satisfies ${enginesRange} (e.g. with nvm or from nodejs.org) and run again.`,
    };
  }
  return { check: 'node', status: 'ok', detail: `Node ${version} satisfies ${enginesRange}` };
}
