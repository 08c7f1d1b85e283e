import type { ReviewFigures } from './review-figures.js';

/** What a report shows: a stored review (REST's answer has this shape) with its figures. */
export interface ReviewReport {
  kind: string;
  focus: string | null;
  secondary: string[];
  figures: ReviewFigures;
}

type ReviewAnswer = ReviewReport;

const pct = (v: number | null) => (v === null ? '-' : `${Math.round(v * 100)} %`);
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The rows every rendering shows, in order. */
function rows(r: ReviewAnswer): [string, string][] {
  const f = r.figures;
  return [
    ['Check-ins', String(f.checkins)],
    ['Mission completion', pct(f.completionRate)],
    ['Delivered / delegated / live / open', `${f.completions.delivered} / ${f.completions.delegated} / ${f.completions.live} / ${f.completions.open}`],
    ['Energy high / medium / low', `${f.energy.high} / ${f.energy.medium} / ${f.energy.low}`],
    ['Average stress', f.averageStress === null ? '-' : String(f.averageStress)],
    ['Decisions made', String(f.decisionsMade)],
    ['Decided within 48 h', pct(f.decidedWithin48h)],
    ['Delegations (success)', `${f.delegations.made} (${pct(f.delegations.successRate)})`],
    ['Projects early / on time / late / killed', `${f.projects.early} / ${f.projects.onTime} / ${f.projects.late} / ${f.projects.killed}`],
    ['Paralysis episodes', String(f.paralysisEpisodes)],
  ];
}

const title = (r: ReviewAnswer) => `${r.kind === 'weekly' ? 'Weekly' : 'Monthly'} review, ${r.figures.from} to ${r.figures.to}`;

/**
 * The review as a Slack message (mrkdwn has no tables): the same rows as the other
 * renderings, one a line, and how to get the PDF.
 */
export function reviewSlackText(r: ReviewAnswer): string {
  return [
    `*${title(r)}*`,
    ...(r.focus !== null ? [`Focus: ${r.focus}${r.secondary.length ? ` (then ${r.secondary.join(', ')})` : ''}`] : []),
    ...rows(r).map(([k, v]) => `• ${k}: *${v}*`),
    `_As PDF: \`clos ${r.kind} report --format pdf --date ${r.figures.from} --out ${r.kind}-${r.figures.from}.pdf\`_`,
  ].join('\n');
}

/** The review as Markdown. */
export function reviewMarkdown(r: ReviewAnswer): string {
  return [
    `# ${title(r)}`,
    '',
    r.focus !== null ? `**Focus:** ${r.focus}${r.secondary.length ? ` (then ${r.secondary.join(', ')})` : ''}\n` : '',
    '| measure | value |',
    '| --- | --- |',
    ...rows(r).map(([k, v]) => `| ${k} | ${v} |`),
    '',
  ].join('\n');
}

/** The review as a standalone HTML page (no external resources), with an energy bar chart. */
export function reviewHtml(r: ReviewAnswer): string {
  const e = r.figures.energy;
  const total = Math.max(1, e.high + e.medium + e.low);
  const bar = (label: string, n: number, colour: string) =>
    `<div class="bar"><span>${label}</span><div style="width:${Math.round((n / total) * 100)}%;background:${colour}"></div><b>${n}</b></div>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title(r))}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#111}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}
.bar{display:flex;align-items:center;gap:.5rem;margin:.2rem 0}.bar span{width:5rem}.bar div{height:1rem}</style></head><body>
<h1>${esc(title(r))}</h1>
${r.focus !== null ? `<p><strong>Focus:</strong> ${esc(r.focus)}${r.secondary.length ? ` (then ${esc(r.secondary.join(', '))})` : ''}</p>` : ''}
<table><tbody>${rows(r).map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</tbody></table>
<h2>Energy</h2>${bar('high', e.high, '#2a9d8f')}${bar('medium', e.medium, '#e9c46a')}${bar('low', e.low, '#e76f51')}
</body></html>
`;
}

/** Where Debian's `chromium` package puts the browser reports are printed with. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Prints the HTML page to PDF with headless Chromium: a real layout engine, so charts and
 * tables print as shown. The page loads nothing from outside and the browser is kept off the
 * network, so a report never leaks a byte of what it shows.
 */
export async function reviewPdf(r: ReviewAnswer, executablePath: string = DEFAULT_CHROMIUM_PATH): Promise<Buffer> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-background-networking'] });
  try {
    const page = await browser.newPage();
    await page.setContent(reviewHtml(r), { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true });
  } finally {
    await browser.close();
  }
}

/** The review in one of the report formats. */
export async function renderReview(r: ReviewAnswer, format: 'md' | 'html' | 'pdf', executablePath?: string): Promise<string | Buffer> {
  if (format === 'md') return reviewMarkdown(r);
  if (format === 'html') return reviewHtml(r);
  return reviewPdf(r, executablePath);
}
