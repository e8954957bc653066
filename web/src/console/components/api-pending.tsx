import type { ReactNode } from 'react';
import { isNotYetAvailable } from '../../shared/api.js';
import { ProblemAlert } from '../../shared/components/problem-alert.js';
import { Upcoming } from '../../shared/components/upcoming.js';

/**
 * A screen's load failed: when its route is not on this server yet, say which API it waits for;
 * otherwise show the problem as the API told it.
 */
export function LoadFailure({ error, api, onRetry, children }: { error: unknown; api: string; onRetry?: () => void; children?: ReactNode }) {
  if (isNotYetAvailable(error)) return <Upcoming api={api}>{children}</Upcoming>;
  return <ProblemAlert error={error} {...(onRetry ? { onRetry } : {})} />;
}
