import { type DependencyList, useCallback, useEffect, useState } from 'react';
import { ApiError } from './client.js';

/** State of a loading API call. */
export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` when `deps` change (skipped while `enabled` is false); keeps data, error and loading state. */
export function useApi<T>(load: () => Promise<T>, deps: DependencyList, enabled = true): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: enabled });
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists what `load` depends on
  useEffect(() => {
    if (!enabled) {
      setState({ loading: false });
      return;
    }
    let live = true;
    setState((s) => ({ data: s.data, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) =>
        live &&
        setState({
          loading: false,
          error: error instanceof ApiError ? error : new ApiError(0, 'client', String((error as Error)?.message)),
        }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick, enabled]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
