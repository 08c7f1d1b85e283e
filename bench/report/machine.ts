import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';

/** What the figures were measured on. */
export interface MachineDescription {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  /** 1-minute load average when the run started: above ~0.5 the machine was busy with other work. */
  loadAverageAtStart: number;
}

/** Describes this machine. */
export function describeMachine(): MachineDescription {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    os: `${osType()} ${release()}`,
    node: process.version,
    loadAverageAtStart: Number(loadavg()[0]!.toFixed(2)),
  };
}

/** The 1-minute load average now. */
export function currentLoad(): number {
  return Number(loadavg()[0]!.toFixed(2));
}
