import { readFileSync, writeFileSync } from 'node:fs';
import type { DemoMemory } from './demo-simulator.js';

/** Keeps the demo's open work in a JSON file, so the next run closes what this one left open. */
export function fileMemory(file: string): { load(): DemoMemory | undefined; save(memory: DemoMemory): void } {
  return {
    load() {
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as DemoMemory;
      } catch {
        return undefined;
      }
    },
    save(memory) {
      writeFileSync(file, JSON.stringify(memory) + '\n');
    },
  };
}
