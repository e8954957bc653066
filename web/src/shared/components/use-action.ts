import { useCallback, useRef, useState } from 'react';

export interface Action<A extends unknown[], R> {
  run(...args: A): Promise<R | undefined>;
  busy: boolean;
  error: unknown;
  clear(): void;
}

/**
 * A button's or form's call to the API: busy while it runs (so a second click does nothing),
 * the API's error kept for <ProblemAlert> and fieldErrorFor, cleared on the next try.
 */
export function useAction<A extends unknown[], R>(perform: (...args: A) => Promise<R>): Action<A, R> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const running = useRef(false);
  const performRef = useRef(perform);
  performRef.current = perform;
  const run = useCallback(async (...args: A) => {
    if (running.current) return undefined;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      return await performRef.current(...args);
    } catch (caught) {
      setError(caught);
      return undefined;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => setError(null), []);
  return { run, busy, error, clear };
}
