import { ClosError, isErrorCode } from '@clos/domain/errors';

/** Where the api is reached when neither `CLOS_API_URL` nor a stored login says otherwise. */
export const DEFAULT_API_URL = 'http://127.0.0.1:8080';

/** A JSON request to the CLOS api, as {@link ApiClient.request} takes it. */
export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path and query, e.g. `/api/pods?limit=10`. */
  path: string;
  body?: unknown;
}

/** The `clos` command's way to the api: every call is authenticated with the caller's token. */
export interface ApiClient {
  readonly baseUrl: string;
  request<T = unknown>(request: ApiRequest): Promise<T>;
  get<T = unknown>(path: string): Promise<T>;
  post<T = unknown>(path: string, body?: unknown): Promise<T>;
  put<T = unknown>(path: string, body?: unknown): Promise<T>;
  delete<T = unknown>(path: string): Promise<T>;
}

export interface ApiClientOptions {
  baseUrl: string;
  token: string | undefined;
  fetch?: typeof fetch;
  /** Per-request budget; the api answers in milliseconds, so a long wait means it is down. */
  timeoutMs?: number;
}

/**
 * An {@link ApiClient} over `fetch`. The api's error body (`{ error: { code, message } }`) comes
 * back as a {@link ClosError} with the api's code and message, so the command can print what
 * the api said was wrong; an unreachable api is `Unavailable` with the address tried.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function request<T>({ method, path, body }: ApiRequest): Promise<T> {
    if (options.token === undefined || options.token === '') {
      throw new ClosError('Unauthorized', 'no API token: set CLOS_TOKEN or run "clos login"');
    }
    const headers: Record<string, string> = { authorization: `Bearer ${options.token}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new ClosError('Unavailable', `cannot reach the CLOS api at ${baseUrl} (${describe(error)}); is it running? (CLOS_API_URL)`, undefined, {
        cause: error,
      });
    }
    const text = await response.text();
    const parsed = text === '' ? undefined : safeJson(text);
    if (!response.ok) throw apiError(response.status, parsed, text);
    return parsed as T;
  }

  return {
    baseUrl,
    request,
    get: (path) => request({ method: 'GET', path }),
    post: (path, body) => request({ method: 'POST', path, body }),
    put: (path, body) => request({ method: 'PUT', path, body }),
    delete: (path) => request({ method: 'DELETE', path }),
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ?? error.message;
  }
  return String(error);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function apiError(status: number, body: unknown, text: string): ClosError {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  if (error !== undefined && typeof error.message === 'string') {
    const code = isErrorCode(error.code) ? error.code : statusCode(status);
    return new ClosError(code, error.message, error.details);
  }
  return new ClosError(statusCode(status), `the api answered ${status}${text !== '' ? `: ${text.slice(0, 200)}` : ''}`);
}

function statusCode(status: number): ClosError['code'] {
  if (status === 401) return 'Unauthorized';
  if (status === 403) return 'Forbidden';
  if (status === 404) return 'NotFound';
  if (status === 409) return 'Conflict';
  if (status === 429) return 'RateLimited';
  if (status >= 400 && status < 500) return 'InvalidInput';
  return 'Unavailable';
}
