// The CLOS stage-gate action: GET <api-url>/api/projects/<project>/stage with a bearer token,
// then pass, or fail the job listing the missing criteria. Dependency-free on purpose: the
// runner executes this file as it is, with no install step.
import { appendFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** A failure that ends the action with a message and no stack trace. */
export class GateCheckError extends Error {
  constructor(message) {
    super(message);
    this.name = 'GateCheckError';
  }
}

/**
 * Reads the action inputs the way the runner passes them (INPUT_<NAME>, upper-cased, spaces
 * as underscores) and validates them.
 */
export function readInputs(env) {
  const input = (name) => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
  const problems = [];
  const apiUrl = input('api-url');
  const token = input('token');
  const project = input('project');
  const stage = input('stage');
  const timeout = Number(input('timeout-seconds') || '30');
  if (!apiUrl) problems.push('api-url is required');
  else if (!/^https?:\/\//.test(apiUrl)) problems.push(`api-url must be an http(s) URL, got "${apiUrl}"`);
  if (!token) problems.push('token is required');
  if (!project) problems.push('project is required');
  if (!Number.isFinite(timeout) || timeout <= 0) problems.push('timeout-seconds must be a positive number');
  if (problems.length > 0) throw new GateCheckError(`invalid inputs: ${problems.join('; ')}`);
  return { apiUrl, token, project, stage: stage || undefined, timeoutMs: timeout * 1000 };
}

/** One unmet criterion of the API's answer as a line of text: `<criterionId>: <detail>`. */
function describeCriterion(entry) {
  const id = typeof entry.criterionId === 'string' ? entry.criterionId : 'criterion';
  const detail = typeof entry.detail === 'string' ? entry.detail.trim() : '';
  return detail && detail !== id ? `${id}: ${detail}` : id;
}

/**
 * Reads the answer of `GET /api/projects/{id}/stage`:
 * `{ running, stages, stage: { id } | null, gate: { passed, criteria: [{ criterionId, met, detail }] } }`.
 * Anything else is refused rather than read as a pass: a gate that cannot be read does not
 * open (an earlier version read `passed` at the top level, found nothing, and let every
 * unmet gate through).
 */
export function parseStageAnswer(body) {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new GateCheckError('the CLOS API answered with something other than a JSON object');
  }
  const { gate } = body;
  if (!gate || typeof gate !== 'object' || typeof gate.passed !== 'boolean' || !Array.isArray(gate.criteria)) {
    throw new GateCheckError('the CLOS API answer has no gate with "passed" and "criteria"; is api-url a CLOS API?');
  }
  if (body.running === false || body.stage === null) {
    throw new GateCheckError(`project "${body.projectId ?? '?'}" has not started its stage workflow yet: no gate has been met`);
  }
  const stage = body.stage && typeof body.stage === 'object' ? body.stage.id : undefined;
  if (typeof stage !== 'string' || stage === '') throw new GateCheckError('the CLOS API answer names no stage');
  const missing = gate.criteria.filter((c) => c && typeof c === 'object' && c.met !== true).map(describeCriterion);
  // Fail closed: a gate that says it passed while listing unmet criteria is not met.
  const passed = gate.passed && missing.length === 0;
  const stages = Array.isArray(body.stages) ? body.stages.filter((s) => typeof s === 'string') : undefined;
  return { stage, stages, passed, missing };
}

/** Asks the API and decides. Resolves with the verdict; throws GateCheckError when it cannot ask. */
export async function checkGate({ apiUrl, token, project, stage: required, timeoutMs }, fetchImpl = fetch) {
  const url = `${apiUrl.replace(/\/+$/, '')}/api/projects/${encodeURIComponent(project)}/stage`;
  let response;
  try {
    response = await fetchImpl(url, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new GateCheckError(`cannot reach the CLOS API at ${url}: ${error.cause?.message ?? error.message}`);
  }
  const text = await response.text();
  if (response.status === 401 || response.status === 403) {
    throw new GateCheckError(`the CLOS API refused the token (HTTP ${response.status}); check the token input`);
  }
  if (response.status === 404) throw new GateCheckError(`the CLOS API knows no project "${project}" (HTTP 404)`);
  if (!response.ok) throw new GateCheckError(`the CLOS API answered HTTP ${response.status}: ${text.slice(0, 300)}`);
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new GateCheckError(`the CLOS API answered HTTP ${response.status} with a body that is not JSON`);
  }
  const answer = parseStageAnswer(body);

  if (required) {
    if (answer.stages && !answer.stages.includes(required)) {
      throw new GateCheckError(`project "${project}" has no stage "${required}" (its stages: ${answer.stages.join(', ')})`);
    }
    // Being in a stage means every earlier gate was passed on the way in.
    if (answer.stage === required) return { ...answer, ok: true, summary: `project "${project}" is in stage "${required}"` };
    // Without the template's stage list the order is unknown: not being in the stage fails.
    const ahead = answer.stages ? answer.stages.indexOf(answer.stage) > answer.stages.indexOf(required) : false;
    if (ahead) return { ...answer, ok: true, summary: `project "${project}" is in stage "${answer.stage}", past "${required}"` };
    return { ...answer, ok: false, summary: `project "${project}" is in stage "${answer.stage}"; "${required}" is required` };
  }
  if (!answer.passed) {
    return { ...answer, ok: false, summary: `project "${project}" has not met the gate of stage "${answer.stage}"` };
  }
  return { ...answer, ok: true, summary: `project "${project}" has met the gate of stage "${answer.stage}"` };
}

/** `%`, CR and LF are the characters workflow commands need escaped. */
const escapeData = (s) => String(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

function setOutput(env, name, value) {
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `${name}=${value}\n`);
}

/** The action's entry point: returns the exit status. */
export async function run(env = process.env, out = process.stdout, fetchImpl = fetch) {
  const write = (line) => out.write(`${line}\n`);
  try {
    const inputs = readInputs(env);
    write(`::add-mask::${inputs.token}`);
    const verdict = await checkGate(inputs, fetchImpl);
    setOutput(env, 'stage', verdict.stage);
    setOutput(env, 'passed', String(verdict.passed));
    setOutput(env, 'missing', JSON.stringify(verdict.missing));
    const lines = verdict.missing.map((m) => `- ${m}`);
    if (env.GITHUB_STEP_SUMMARY) {
      const body = verdict.ok ? `✅ ${verdict.summary}` : `❌ ${verdict.summary}${lines.length ? `\n\nMissing:\n${lines.join('\n')}` : ''}`;
      appendFileSync(env.GITHUB_STEP_SUMMARY, `### CLOS stage gate\n\n${body}\n`);
    }
    if (verdict.ok) {
      write(verdict.summary);
      return 0;
    }
    const missingText = lines.length ? `\nMissing criteria:\n${lines.join('\n')}` : '';
    write(`::error title=CLOS stage gate::${escapeData(verdict.summary + missingText)}`);
    return 1;
  } catch (error) {
    if (!(error instanceof GateCheckError)) throw error;
    write(`::error title=CLOS stage gate::${escapeData(error.message)}`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await run();
}
