#!/usr/bin/env node
// `node scripts/lib/compare-locks.mjs A B`: exits 0 when two package-lock.json files pin the
// same packages, ignoring platform-specific optional binaries (entries with `os` or `cpu`).
// Which of those a lock lists depends on what the registry served when it was written, not on
// package.json, so they are no sign that the lock and package.json disagree.
import { readFileSync } from 'node:fs';

/** The lock's packages that every platform installs, as `path@version` lines. */
export function portablePackages(lockText) {
  const lock = JSON.parse(lockText);
  const lines = [];
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    if (entry.optional === true && (entry.os !== undefined || entry.cpu !== undefined)) continue;
    lines.push(`${path}@${entry.version ?? ''}`);
  }
  return lines.sort();
}

const [a, b] = process.argv.slice(2);
if (a === undefined || b === undefined) {
  console.error('usage: compare-locks.mjs <lock-a> <lock-b>');
  process.exit(2);
}
const left = portablePackages(readFileSync(a, 'utf8'));
const right = new Set(portablePackages(readFileSync(b, 'utf8')));
const leftSet = new Set(left);
const onlyLeft = left.filter((line) => !right.has(line));
const onlyRight = [...right].filter((line) => !leftSet.has(line));
if (onlyLeft.length === 0 && onlyRight.length === 0) process.exit(0);
for (const line of onlyLeft.slice(0, 20)) console.error(`  only in ${a}: ${line}`);
for (const line of onlyRight.slice(0, 20)) console.error(`  only in ${b}: ${line}`);
process.exit(1);
