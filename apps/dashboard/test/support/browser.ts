import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from '@clos/devstack';

/** Where the tests leave a screenshot of every page (gitignored). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../screenshots/', import.meta.url));

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Debian's Chromium, headless, as the tests and the benchmark drive it. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-background-networking'] });
}

/** Saves a full-page screenshot as `<name>.png` under {@link SCREENSHOT_DIR}. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: true });
}

/** One axe-core violation, as the tests report it. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Runs axe-core in the page (WCAG 2 A/AA rules) and returns its serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
}

/** Buttons, inputs, selects and links without an accessible name (their outer HTML). */
export async function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const nameOf = (el: Element): string => {
      const labelledBy = el.getAttribute('aria-labelledby');
      const byIds = labelledBy ? labelledBy.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ') : '';
      const labels = el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement ? [...(el.labels ?? [])].map((l) => l.textContent ?? '').join(' ') : '';
      return [el.getAttribute('aria-label') ?? '', byIds, labels, el instanceof HTMLInputElement ? '' : (el.textContent ?? ''), el.getAttribute('title') ?? ''].join(' ').trim();
    };
    return [...document.querySelectorAll('button, input:not([type=hidden]), select, textarea, a[href]')].filter((el) => nameOf(el) === '').map((el) => el.outerHTML.slice(0, 200));
  });
}

/** How far the page is wider than the viewport (0: no horizontal scroll). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Where the README's screenshots live (committed; rewritten by the demo test on each run). */
export const DOCS_SCREENSHOT_DIR = fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url));

/**
 * Saves what a person sees in the window (not the whole scrolled page, so the file stays small)
 * as `docs/screenshots/<name>.png`.
 */
export async function docsScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(DOCS_SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${DOCS_SCREENSHOT_DIR}${name}.png`, fullPage: false, animations: 'disabled', caret: 'hide' });
}
