import { canonicalJson } from './canonical-json.js';

/** One difference between two policies: the path of the value, and what it was and became. */
export interface PolicyChange {
  /** `pods[payments].wipLimit`, `pods[payments].members[alice]`, `projects[checkout]`. */
  path: string;
  /** Absent when the value was added. */
  from?: unknown;
  /** Absent when the value was removed. */
  to?: unknown;
}

/**
 * What changed from one policy to the next, as the audit log records it. Lists of things
 * with an identity (pods and projects by `id`, members by their GitHub, Slack or Linear
 * identity) are compared by that identity, so reordering a list is no change and removing
 * one pod is one entry rather than a shifted list.
 */
export function diffPolicy(before: unknown, after: unknown, path = ''): PolicyChange[] {
  if (canonicalJson(before) === canonicalJson(after)) return [];
  if (Array.isArray(before) && Array.isArray(after)) {
    const a = keyedItems(before);
    const b = keyedItems(after);
    if (a !== undefined && b !== undefined) {
      const changes: PolicyChange[] = [];
      for (const [key, value] of a) {
        if (!b.has(key)) changes.push({ path: `${path}[${key}]`, from: value });
        else changes.push(...diffPolicy(value, b.get(key), `${path}[${key}]`));
      }
      for (const [key, value] of b) if (!a.has(key)) changes.push({ path: `${path}[${key}]`, to: value });
      return changes;
    }
    return [{ path: path || '.', from: before, to: after }];
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => {
      const at = path === '' ? key : `${path}.${key}`;
      if (!(key in after) || after[key] === undefined) return before[key] === undefined ? [] : [{ path: at, from: before[key] }];
      if (!(key in before) || before[key] === undefined) return [{ path: at, to: after[key] }];
      return diffPolicy(before[key], after[key], at);
    });
  }
  return [{ path: path || '.', ...(before !== undefined ? { from: before } : {}), ...(after !== undefined ? { to: after } : {}) }];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The items by identity, or `undefined` when some item has none (or two share one). */
function keyedItems(items: readonly unknown[]): Map<string, unknown> | undefined {
  const byKey = new Map<string, unknown>();
  for (const item of items) {
    if (!isObject(item)) return undefined;
    const key = [item.id, item.github, item.slack, item.linear].find((k): k is string => typeof k === 'string');
    if (key === undefined || byKey.has(key)) return undefined;
    byKey.set(key, item);
  }
  return byKey;
}
