import type { ReactNode } from 'react';
import type { SharedKey } from '../i18n/shared-messages.js';
import { useTranslator } from '../i18n/i18n.js';

/** The honest placeholder for a screen whose API has not landed: no invented data. */
export function Upcoming({ api, children, compact = false }: { api: string; children?: ReactNode; compact?: boolean }) {
  const t = useTranslator<SharedKey>();
  return (
    <section className={`upcoming${compact ? ' upcoming--compact' : ''}`} aria-label={t('upcoming.title', { api })}>
      <p className="upcoming__title">{t('upcoming.title', { api })}</p>
      {compact ? null : <p className="upcoming__body">{t('upcoming.body', { api })}</p>}
      {children}
    </section>
  );
}
