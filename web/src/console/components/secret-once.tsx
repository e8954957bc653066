import { useState } from 'react';
import { Button } from '../../shared/components/button.js';
import { useT } from '../i18n.js';

/**
 * A secret the API shows only in this answer (an API key, a signing secret, a generated
 * password): shown once with a copy button and a warning; it is kept in no storage.
 */
export function SecretOnce({ label, secret, onDone }: { label: string; secret: string; onDone(): void }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <section className="card secret-once" aria-labelledby="secret-once-title">
      <h2 id="secret-once-title" className="card__title">
        {label}
      </h2>
      <p className="notice">{t('secret.once')}</p>
      <p>
        <code className="secret-once__value" data-testid="secret-value">
          {secret}
        </code>
      </p>
      <div className="row">
        <Button
          onClick={() => {
            void navigator.clipboard?.writeText(secret).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          {t('secret.copy')}
        </Button>
        <Button variant="primary" onClick={onDone}>
          {t('secret.done')}
        </Button>
        <span role="status" className="muted">
          {copied ? t('secret.copied') : ''}
        </span>
      </div>
    </section>
  );
}
