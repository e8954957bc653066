import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';

export type Resource<T> =
  | { state: 'loading'; data?: undefined; error?: undefined; reload(): void }
  | { state: 'ready'; data: T; error?: undefined; reload(): void }
  | { state: 'failed'; data?: undefined; error: unknown; reload(): void };

type Loaded<T> = { state: 'loading' } | { state: 'ready'; data: T } | { state: 'failed'; error: unknown };

/**
 * Loads data for a screen; a newer load (or leaving the screen) cancels the older one. What was
 * loaded for other deps (another shopper, another id) is never returned: until the new load
 * starts, the screen sees `loading`, not the old answer for one render.
 */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Resource<T> {
  const [result, setResult] = useState<{ deps: DependencyList; loaded: Loaded<T> }>({ deps, loaded: { state: 'loading' } });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to load again
  useEffect(() => {
    const controller = new AbortController();
    setResult({ deps, loaded: { state: 'loading' } });
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setResult({ deps, loaded: { state: 'ready', data } });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setResult({ deps, loaded: { state: 'failed', error } });
      },
    );
    return () => controller.abort();
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const current = sameDeps(result.deps, deps) ? result.loaded : { state: 'loading' as const };
  return { ...current, reload } as Resource<T>;
}

/** True when two dependency lists hold the same values, as React compares them. */
export function sameDeps(a: DependencyList, b: DependencyList): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}
