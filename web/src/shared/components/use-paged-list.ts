import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';
import { sameDeps } from './use-resource.js';

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface PagedList<T> {
  items: T[];
  loading: boolean;
  error: unknown;
  /** No further page: the API answered next_cursor null. */
  done: boolean;
  more(): void;
  /** Start again from the first page (after a change, or new filters). */
  reload(): void;
  /** Replace one loaded item in place (after an action on it). */
  replace(match: (item: T) => boolean, next: T): void;
}

/**
 * A cursor-paged list as the API serves it ({ items, next_cursor }): the first page loads when
 * `deps` change, further pages are appended when the user asks. A newer load cancels an older one.
 * Items loaded for other deps (other filters) are never returned, not even for the one render
 * before the new load starts.
 */
export function usePagedList<T>(load: (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>, deps: DependencyList): PagedList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  const [loadedFor, setLoadedFor] = useState<DependencyList>(deps);
  const loadRef = useRef(load);
  loadRef.current = load;
  const controller = useRef<AbortController | null>(null);

  const fetchPage = useCallback(async (from: string | undefined, append: boolean) => {
    controller.current?.abort();
    const mine = new AbortController();
    controller.current = mine;
    setLoading(true);
    setError(null);
    try {
      const page = await loadRef.current(from, mine.signal);
      if (mine.signal.aborted) return;
      setItems((old) => (append ? [...old, ...page.items] : page.items));
      setCursor(page.next_cursor);
    } catch (caught) {
      if (!mine.signal.aborted) setError(caught);
    } finally {
      if (!mine.signal.aborted) setLoading(false);
    }
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to start over
  useEffect(() => {
    setItems([]);
    setLoadedFor(deps);
    void fetchPage(undefined, false);
    return () => controller.current?.abort();
  }, [...deps, generation]);

  const reload = () => setGeneration((g) => g + 1);
  if (!sameDeps(loadedFor, deps)) {
    return { items: [], loading: true, error: null, done: false, more: () => {}, reload, replace: () => {} };
  }
  return {
    items,
    loading,
    error,
    done: cursor === null,
    more: () => {
      if (cursor) void fetchPage(cursor, true);
    },
    reload,
    replace: (match, next) => setItems((old) => old.map((item) => (match(item) ? next : item))),
  };
}
