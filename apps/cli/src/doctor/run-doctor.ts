import { checkCredentials } from './credentials-check.js';
import { checkDataDir } from './data-dir-check.js';
import { hasBlocker, type CheckResult } from './doctor-check.js';
import { checkNode } from './node-check.js';
import { checkPorts } from './ports-check.js';
import type { EnvironmentFacts } from './probe-environment.js';
import { checkPython } from './python-check.js';

/** Every check of `clos doctor` on what was found, in the order they are printed. */
export function diagnose(facts: EnvironmentFacts): CheckResult[] {
  return [
    checkNode(facts.node),
    checkPython(facts.python),
    checkPorts({ ports: facts.ports, runningUpPid: facts.runningUpPid }),
    ...checkDataDir(facts.dataDir),
    ...checkCredentials(facts.env),
  ];
}

const MARK = { ok: '✓', warn: '!', fail: '✗' } as const;

/** The report as a person reads it: one line per finding, what to do under each that is not ok. */
export function formatReport(results: readonly CheckResult[]): string {
  const width = Math.max(...results.map((r) => r.check.length));
  const lines = results.flatMap((r) => [`${MARK[r.status]} ${r.check.padEnd(width)}  ${r.detail}`, ...(r.fix !== undefined ? [`  ${' '.repeat(width)}  fix: ${r.fix}`] : [])]);
  const failed = results.filter((r) => r.status === 'fail').length;
  const warned = results.filter((r) => r.status === 'warn').length;
  lines.push(
    '',
    hasBlocker(results)
      ? `${failed} blocker${failed === 1 ? '' : 's'}${warned > 0 ? `, ${warned} warning${warned === 1 ? '' : 's'}` : ''}: fix ${failed === 1 ? 'it' : 'them'} before \`npm run up\`.`
      : `Ready for \`npm run up\`${warned > 0 ? ` (${warned} warning${warned === 1 ? '' : 's'})` : ''}.`,
  );
  return lines.join('\n') + '\n';
}
