/** A failure the stand-in answers with instead of the real response, to exercise retry paths. */
export interface FakeGithubFault {
  /**
   * `primary`: the hourly budget is spent (`x-ratelimit-remaining: 0`, reset time);
   * `secondary`: abuse protection (`retry-after`, "secondary rate limit" message);
   * `server`: a 5xx.
   */
  kind: 'primary' | 'secondary' | 'server';
  /** HTTP status; 403 for rate limits and 502 for `server` unless given (GitHub uses 403 and 429). */
  status?: number;
  /** Seconds in `retry-after` (secondary limits). Default 1. */
  retryAfterSeconds?: number;
  /** Seconds until `x-ratelimit-reset` (primary limits). Default 1. */
  resetInSeconds?: number;
  /** How many matching requests fail. Default 1. */
  times?: number;
  /** Only requests with this method (e.g. `POST`). */
  method?: string;
  /** Only requests whose path starts with this string or matches this pattern. */
  path?: string | RegExp;
}

/** A fault's answer. */
export interface FaultResponse {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** Matches requests against queued faults and spends them. */
export class FaultQueue {
  private readonly faults: (FakeGithubFault & { left: number })[] = [];

  add(fault: FakeGithubFault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  clear(): void {
    this.faults.length = 0;
  }

  take(method: string, path: string, nowMs: number): FaultResponse | undefined {
    const index = this.faults.findIndex((f) => matches(f, method, path));
    if (index < 0) return undefined;
    const fault = this.faults[index];
    if (fault === undefined) return undefined;
    fault.left -= 1;
    if (fault.left <= 0) this.faults.splice(index, 1);
    return render(fault, nowMs);
  }
}

function matches(fault: FakeGithubFault, method: string, path: string): boolean {
  if (fault.method !== undefined && fault.method.toUpperCase() !== method) return false;
  if (fault.path === undefined) return true;
  return typeof fault.path === 'string' ? path.startsWith(fault.path) : fault.path.test(path);
}

function render(fault: FakeGithubFault, nowMs: number): FaultResponse {
  const docs = 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api';
  if (fault.kind === 'primary') {
    const reset = Math.ceil(nowMs / 1000) + (fault.resetInSeconds ?? 1);
    return {
      status: fault.status ?? 403,
      headers: {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-used': '5000',
        'x-ratelimit-reset': String(reset),
        'x-ratelimit-resource': 'core',
      },
      body: { message: 'API rate limit exceeded for installation ID 1.', documentation_url: docs },
    };
  }
  if (fault.kind === 'secondary') {
    return {
      status: fault.status ?? 403,
      headers: { 'retry-after': String(fault.retryAfterSeconds ?? 1) },
      body: {
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        documentation_url: docs,
      },
    };
  }
  return { status: fault.status ?? 502, headers: {}, body: { message: 'Server Error' } };
}
