import { invalidInput } from './errors.js';
import { REPO_NAME_PATTERN } from './repo-name.js';

/**
 * Work item ids name a pull request (`gh:owner/repo#12`) or a Linear issue (`lin:PAY-44`).
 * They are the keys of WIP slots, so the same thing must always get the same id: the
 * repository is lower-cased (GitHub ignores its case) and Linear keys are upper-cased.
 */

/** The id of a pull request: `gh:owner/repo#12`. */
export function githubWorkItemId(repo: string, number: number): string {
  if (!REPO_NAME_PATTERN.test(repo)) throw invalidInput(`expected a repository as owner/name, got ${JSON.stringify(repo)}`);
  if (!Number.isSafeInteger(number) || number < 1) {
    throw invalidInput(`expected a pull request number ≥ 1, got ${String(number)}`);
  }
  return `gh:${repo.toLowerCase()}#${number}`;
}

const LINEAR_KEY = /^([A-Za-z][A-Za-z0-9]*)-([1-9][0-9]*)$/;

/** The id of a Linear issue: `lin:PAY-44`. */
export function linearWorkItemId(identifier: string): string {
  if (!LINEAR_KEY.test(identifier)) throw invalidInput(`expected a Linear issue key such as PAY-44, got ${JSON.stringify(identifier)}`);
  return `lin:${identifier.toUpperCase()}`;
}

/** A work item id taken apart. */
export type ParsedWorkItemId =
  | { kind: 'github'; repo: string; number: number }
  | { kind: 'linear'; identifier: string };

const GITHUB_ID = /^gh:([^#]+)#([1-9][0-9]*)$/;

/** Takes a work item id apart; `undefined` when it is neither a `gh:` nor a `lin:` id. */
export function parseWorkItemId(id: string): ParsedWorkItemId | undefined {
  const gh = GITHUB_ID.exec(id);
  if (gh?.[1] !== undefined && gh[2] !== undefined && REPO_NAME_PATTERN.test(gh[1])) {
    return { kind: 'github', repo: gh[1], number: Number(gh[2]) };
  }
  if (id.startsWith('lin:') && LINEAR_KEY.test(id.slice(4))) return { kind: 'linear', identifier: id.slice(4).toUpperCase() };
  return undefined;
}

/** How people refer to a work item in a status line: `#12` or `PAY-44` (other ids unchanged). */
export function workItemLabel(id: string): string {
  const parsed = parseWorkItemId(id);
  if (parsed === undefined) return id;
  return parsed.kind === 'github' ? `#${parsed.number}` : parsed.identifier;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The Linear issue keys of the given teams mentioned in a branch name, title or body, in
 * order of first mention, upper-cased and without duplicates. `alice/pay-44-fix` and
 * `Fixes PAY-44` both yield `PAY-44`. A key must stand alone: `XPAY-44` and `PAY-441x` don't count.
 */
export function extractLinearKeys(text: string, teamKeys: readonly string[]): string[] {
  const teams = teamKeys.filter((k) => k.trim() !== '').map((k) => escapeRegExp(k.trim()));
  if (teams.length === 0 || text === '') return [];
  // Longest first so that team PA does not shadow team PAY inside the alternation.
  teams.sort((a, b) => b.length - a.length);
  const pattern = new RegExp(`(?<![A-Za-z0-9])(${teams.join('|')})-([1-9][0-9]*)(?![A-Za-z0-9])`, 'gi');
  const keys: string[] = [];
  for (const match of text.matchAll(pattern)) {
    const key = `${(match[1] ?? '').toUpperCase()}-${match[2] ?? ''}`;
    if (!keys.includes(key)) keys.push(key);
  }
  return keys;
}
