import { ApiError, type FieldError } from '../api.js';
import type { SharedKey } from '../i18n/shared-messages.js';
import { useTranslator } from '../i18n/i18n.js';

/**
 * Shows what the API said when a request failed: its title (already in the chosen language),
 * the stable code, the detail, each field error, and the request id to quote to support. It is
 * an assertive live region, so a screen reader announces the failure as it appears.
 */
export function ProblemAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useTranslator<SharedKey>();
  if (!error) return <div role="alert" aria-live="assertive" className="visually-hidden" />;
  const problem = error instanceof ApiError ? error.problem : undefined;
  const title =
    problem?.code === 'network_error'
      ? t('error.network')
      : problem?.code === 'unexpected_response'
        ? t('error.unexpected', { status: problem.status })
        : problem?.title || t('error.heading');
  return (
    <div role="alert" aria-live="assertive" className="problem">
      <p className="problem__title">{title}</p>
      {problem?.detail ? <p className="problem__detail">{problem.detail}</p> : null}
      {problem?.errors?.length ? (
        <>
          <p className="problem__fields-heading">{t('error.fields')}</p>
          <ul className="problem__fields">
            {problem.errors.map((e) => (
              <li key={`${e.field}:${e.code}`}>
                <code>{e.field}</code> {e.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p className="problem__meta">
        {problem ? (
          <span>
            {t('error.code')}: <code>{problem.code}</code>
          </span>
        ) : (
          <span>{error instanceof Error ? error.message : String(error)}</span>
        )}
        {problem?.request_id ? (
          <span>
            {' · '}
            {t('error.request_id')}: <code>{problem.request_id}</code>
          </span>
        ) : null}
      </p>
      {onRetry ? (
        <button type="button" className="button button--ghost" onClick={onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}

/** The API's message for one form field ('body/username' → field 'username'), if any. */
export function fieldErrorFor(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const match = error.problem.errors?.find((e: FieldError) => e.field.replace(/^(body|querystring|params)\/?/, '').split('/')[0] === field);
  return match?.message;
}
