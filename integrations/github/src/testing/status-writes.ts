import type { RecordedGithubRequest } from './fake-github-server.js';

/** One successful commit-status write the GitHub stand-in accepted. */
export interface StatusWrite {
  repo: string;
  sha: string;
  context: string;
  state: string;
  /** When it arrived (epoch ms). */
  at: number;
}

/** Successful `POST /repos/{owner}/{repo}/statuses/{sha}` writes, in arrival order. */
export function statusWrites(requests: readonly RecordedGithubRequest[]): StatusWrite[] {
  const writes: StatusWrite[] = [];
  for (const request of requests) {
    if (request.method !== 'POST' || request.status < 200 || request.status >= 300) continue;
    const match = /^\/repos\/([^/]+\/[^/]+)\/statuses\/([0-9a-f]+)$/.exec(request.path);
    if (match === null) continue;
    const body = request.body as { context?: string; state?: string };
    writes.push({ repo: match[1]!, sha: match[2]!, context: body.context ?? 'default', state: body.state ?? '', at: request.at });
  }
  return writes;
}

/** Writes that repeated the state already written for their (sha, context). */
export interface DuplicateWrites {
  total: number;
  /** Repeats with a crash (of the worker, say) between the two writes: a retried attempt that had written before it died. */
  afterCrash: number;
  /** Repeats with no crash between them: effects applied twice. */
  unexplained: number;
  examples: string[];
}

/** Counts status writes that did not change the state of their (sha, context); `crashes` are epoch ms. */
export function countDuplicateWrites(writes: readonly StatusWrite[], crashes: readonly number[]): DuplicateWrites {
  const last = new Map<string, StatusWrite>();
  const result: DuplicateWrites = { total: 0, afterCrash: 0, unexplained: 0, examples: [] };
  for (const write of writes) {
    const key = `${write.repo}@${write.sha}/${write.context}`;
    const previous = last.get(key);
    last.set(key, write);
    if (previous === undefined || previous.state !== write.state) continue;
    result.total++;
    if (crashes.some((at) => at >= previous.at - 1_000 && at <= write.at)) result.afterCrash++;
    else {
      result.unexplained++;
      if (result.examples.length < 5) result.examples.push(`${key} ${write.state} twice`);
    }
  }
  return result;
}
