import type { CheckResult } from './doctor-check.js';

/** A port `npm run up` binds, the variable that moves it, and whether it is free now. */
export interface PortFact {
  port: number;
  variable: string;
  /** What listens there by default (api, Postgres, …). */
  what: string;
  free: boolean;
}

/**
 * Every port `npm run up` binds must be free — unless the `npm run up` holding them is the
 * one already running on this data folder.
 */
export function checkPorts(input: { ports: readonly PortFact[]; runningUpPid: number | undefined }): CheckResult {
  const busy = input.ports.filter((p) => !p.free);
  const list = (ports: readonly PortFact[]) => ports.map((p) => `${p.port} (${p.what}, ${p.variable})`).join(', ');
  if (busy.length === 0) return { check: 'ports', status: 'ok', detail: `free: ${list(input.ports)}` };
  if (input.runningUpPid !== undefined) {
    return {
      check: 'ports',
      status: 'ok',
      detail: `in use by the running \`npm run up\` (pid ${input.runningUpPid}): ${list(busy)}`,
    };
  }
  return {
    check: 'ports',
    status: 'fail',
    detail: `in use: ${list(busy)}`,
    fix:
      `Stop what listens there (find it with: lsof -i :${busy[0]!.port}  or  ss -ltnp | grep ${busy[0]!.port}), ` +
      `or move CLOS elsewhere, e.g. ${busy.map((p) => `${p.variable}=${p.port + 1}`).join(' ')} npm run up`,
  };
}
