import type { RecordedGithubRequest } from '@clos/github/testing';

/** Calls CLOS made to the GitHub stand-in. */
export interface GithubCalls {
  reads: number;
  writes: number;
  /** Of the writes: commit statuses posted. */
  statusWrites: number;
}

/** Counts the stand-in's request log from `from` on. */
export function countGithubCalls(requests: readonly RecordedGithubRequest[], from = 0): GithubCalls {
  const calls: GithubCalls = { reads: 0, writes: 0, statusWrites: 0 };
  for (let i = from; i < requests.length; i++) {
    const request = requests[i]!;
    if (request.method === 'GET' || request.method === 'HEAD') {
      calls.reads += 1;
    } else {
      calls.writes += 1;
      if (/^\/repos\/[^/]+\/[^/]+\/statuses\//.test(request.path)) calls.statusWrites += 1;
    }
  }
  return calls;
}
