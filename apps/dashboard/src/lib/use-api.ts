'use client';

import { useCallback, useContext, useEffect, useState } from 'react';
import { ApiError, apiGet } from './api';
import { SessionContext } from './session';

/** The state of one GET: loading, its data, or its error. */
export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | Error | undefined;
  loading: boolean;
  reload(): void;
}

/**
 * GETs `path` (nothing while it is null) and re-GETs when it changes; a 401 tells the
 * shell the session is gone.
 */
export function useApi<T>(path: string | null): ApiState<T> {
  // A stable callback: the session's `me` arriving must not fetch everything again.
  const onUnauthorized = useContext(SessionContext)?.onUnauthorized;
  const [state, setState] = useState<{ path: string | null; data?: T; error?: ApiError | Error }>({ path: null });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    apiGet<T>(path, controller.signal).then(
      (data) => setState({ path, data }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.status === 401) onUnauthorized?.();
        setState({ path, error: error instanceof Error ? error : new Error(String(error)) });
      },
    );
    return () => controller.abort();
  }, [path, generation, onUnauthorized]);

  const current = state.path === path;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: path !== null && !current,
    reload,
  };
}
