import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ApiReadResult } from '../api-read.js';
import type { IngestResult } from '../scenarios/ingest-ack.js';
import type { StatusLatencyResult } from '../scenarios/status-latency.js';
import type { KneeResult } from '../scenarios/knee.js';
import type { SustainedResult } from '../scenarios/sustained-load.js';
import type { PhaseConditions } from './conditions.js';
import type { MachineDescription } from './machine.js';

/** Everything one run measured: what bench/results/latest.json holds. */
export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  mode: 'quick' | 'full' | 'api-read';
  machine: MachineDescription;
  /** 1-minute load average when the run ended. */
  loadAverageAtEnd: number;
  githubClient: { writeSpacingMs: number; throttling: boolean; serverErrorBackoffMs: number };
  org: { pods: number; wipLimit: number };
  /** Event-loop delay and load average per phase. */
  conditions: Partial<Record<'ingest' | 'endToEnd' | 'sustained' | 'knee', PhaseConditions>>;
  ingest?: IngestResult;
  endToEnd?: StatusLatencyResult;
  sustained?: SustainedResult;
  /** The sustained mix stepped 50 → 100 → 200 a second: the highest rate kept up with. */
  knee?: KneeResult;
  /** GET /api/pods and /api/events on a seeded large organisation, beside a hello-world. */
  apiRead?: ApiReadResult;
  /** Warnings the api, processor, worker and GitHub client logged during the run. */
  warnings: { count: number; byKind: Record<string, number>; first: string[] };
  /** Why the run failed; empty when it passed. */
  failures: string[];
  /** Targets missed (reported, not a failure of the run). */
  missedTargets: string[];
}

/** Writes the results as indented JSON, creating the folder. */
export function writeResults(path: string, results: BenchResults): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}
