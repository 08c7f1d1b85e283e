import type { ConfigIssue } from '@clos/domain';
import { badge, escapeHtml, page } from './html.js';

/** What validating clos.yml at a commit found. */
export type ConfigPageResult =
  | { found: false }
  | { found: true; valid: true; summary: string }
  | { found: true; valid: false; issues: ConfigIssue[] };

/** The page behind a `clos/config` status: every problem of clos.yml at the commit, with path and line. */
export function renderConfigPage(repo: string, sha: string, fileName: string, result: ConfigPageResult): string {
  const head = `<h1>clos/config for ${escapeHtml(repo)} at <code>${escapeHtml(sha.slice(0, 12))}</code></h1>`;
  if (!result.found) {
    return page('clos/config', `${head}<p>${badge('failure', 'missing')} There is no <code>${escapeHtml(fileName)}</code> at this commit. CLOS reads its policy from it; restore the file.</p>`);
  }
  if (result.valid) {
    return page('clos/config', `${head}<p>${badge('success', 'valid')} ${escapeHtml(result.summary)}. Once merged to the default branch it is in force within seconds.</p>`);
  }
  const rows = result.issues.map(
    (i) =>
      `<tr><td><code>${escapeHtml(i.path === '' ? '(file)' : i.path)}</code></td><td>${i.line === undefined ? '' : `${i.line}${i.column !== undefined ? `:${i.column}` : ''}`}</td><td>${escapeHtml(i.message)}</td></tr>`,
  );
  return page(
    'clos/config',
    `${head}<p>${badge('failure', 'invalid')} <code>${escapeHtml(fileName)}</code> has ${result.issues.length} problem${result.issues.length === 1 ? '' : 's'}. Fix them in this pull request; until then the policy in force stays as it is.</p>
<table><thead><tr><th>Where</th><th>Line</th><th>Problem</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
  );
}
