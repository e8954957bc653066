import type { ReactNode } from 'react';
import { isNotYetAvailable } from '../../shared/api.js';
import { ProblemAlert } from '../../shared/components/problem-alert.js';
import { Upcoming } from '../../shared/components/upcoming.js';
import { useT } from '../i18n.js';
import { useShopper } from '../shopper.js';

/** Pages about "my" things need a shopper: until one is picked, say so instead of calling the API. */
export function NeedsShopper({ children }: { children: ReactNode }) {
  const t = useT();
  const { shopper } = useShopper();
  if (!shopper) return <p className="notice">{t('shopper.pick_first')}</p>;
  return <>{children}</>;
}

/** A failed load: the API that has not landed yet, or the problem as the API told it. */
export function ShopLoadFailure({ error, api, onRetry }: { error: unknown; api: string; onRetry?: () => void }) {
  if (isNotYetAvailable(error)) return <Upcoming api={api} compact />;
  return <ProblemAlert error={error} {...(onRetry ? { onRetry } : {})} />;
}
