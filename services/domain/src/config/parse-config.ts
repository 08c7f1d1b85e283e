import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { describeZodIssue, formatPath } from '../issue-path.js';
import { ConfigError, type ConfigIssue } from './config-error.js';
import { closConfigSchema, type ClosConfig } from './config-schema.js';

/**
 * Parses and validates clos.yml. Throws {@link ConfigError} naming `fileName`, and for each
 * problem the path inside the file (`pods[0].wipLimit`), what is wrong and, when the YAML
 * shows where, the line and column. YAML 1.2 rules apply (`on`/`yes` are strings), keys
 * must be unique, and unknown keys are refused so that a typo never silently does nothing.
 */
export function parseClosConfig(text: string, fileName: string): ClosConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      fileName,
      doc.errors.map((error) => ({ path: '', message: `YAML syntax: ${error.message}`, ...position(lineCounter, error.pos[0]) })),
    );
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data == null) {
    throw new ConfigError(fileName, [{ path: '', message: 'the file is empty; expected a mapping with org, timezone and pods' }]);
  }
  const result = closConfigSchema.safeParse(data);
  if (result.success) return result.data;
  throw new ConfigError(
    fileName,
    result.error.issues.map((issue) => ({
      path: formatPath(issue.path),
      message: describeZodIssue(issue, data),
      ...locate(doc, lineCounter, issue),
    })),
  );
}

/**
 * Validates a configuration that is already an object (edited through the API or CLI).
 * Throws {@link ConfigError} like {@link parseClosConfig}, without lines.
 */
export function validateClosConfig(data: unknown, fileName = 'clos.yml'): ClosConfig {
  const result = closConfigSchema.safeParse(data);
  if (result.success) return result.data;
  throw new ConfigError(
    fileName,
    result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: describeZodIssue(issue, data) })),
  );
}

function position(lineCounter: LineCounter, offset: number | undefined): Pick<ConfigIssue, 'line' | 'column'> {
  if (offset === undefined) return {};
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/**
 * Where in the YAML an issue points: the node at its path, or — for a missing key — the
 * mapping that should hold it, or — for an unknown key — that key.
 */
function locate(doc: Document, lineCounter: LineCounter, issue: z.core.$ZodIssue): Pick<ConfigIssue, 'line' | 'column'> {
  let node: unknown = doc.contents;
  let found: Node | undefined = doc.contents ?? undefined;
  for (const key of issue.path) {
    const next = child(node, key);
    if (next === undefined) break;
    node = next.value ?? next.key;
    found = (next.value ?? next.key) as Node;
  }
  if (issue.code === 'unrecognized_keys' && isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && issue.keys.includes(String(p.key.value)));
    if (pair !== undefined && isScalar(pair.key)) found = pair.key;
  }
  return position(lineCounter, found?.range?.[0]);
}

function child(node: unknown, key: PropertyKey): { key: Node | undefined; value: Node | undefined } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
    if (pair === undefined) return undefined;
    return { key: pair.key as Node, value: (pair.value ?? undefined) as Node | undefined };
  }
  if (isSeq(node) && typeof key === 'number') {
    const item = node.items[key];
    return item === undefined ? undefined : { key: undefined, value: item as Node };
  }
  return undefined;
}
