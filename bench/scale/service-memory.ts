import { execFileSync } from 'node:child_process';

/**
 * Resident memory of a process group, in MB: the service's process and whatever it runs
 * under it (a launcher, the Temporal worker's threads live in the same process). Read with
 * `ps`, so it counts what the kernel holds for it, shared libraries included.
 */
export function groupRssMb(pgid: number | undefined): number | null {
  if (pgid === undefined) return null;
  const out = execFileSync('ps', ['-eo', 'pgid=,rss='], { encoding: 'utf8' });
  let kb = 0;
  for (const line of out.split('\n')) {
    const [group, rss] = line.trim().split(/\s+/);
    if (Number(group) === pgid) kb += Number(rss);
  }
  return kb === 0 ? null : kb / 1024;
}
