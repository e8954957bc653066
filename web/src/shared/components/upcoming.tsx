import type { ReactNode } from 'react';
import type { SharedKey } from '../i18n/shared-messages.js';
import { useTranslator } from '../i18n/i18n.js';

/** The honest placeholder for a screen whose API has not landed: no invented data. */
export function Upcoming({ api, children }: { api: string; children?: ReactNode }) {
  const t = useTranslator<SharedKey>();
  return (
    <section className="upcoming" aria-label={t('upcoming.title', { api })}>
      <p className="upcoming__title">{t('upcoming.title', { api })}</p>
      <p className="upcoming__body">{t('upcoming.body', { api })}</p>
      {children}
    </section>
  );
}
