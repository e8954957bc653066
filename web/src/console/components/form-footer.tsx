import type { ReactNode } from 'react';
import { Button } from '../../shared/components/button.js';
import { ProblemAlert } from '../../shared/components/problem-alert.js';

/**
 * The end of a console form: its submit button (busy, so disabled, while the request runs), any
 * further buttons or status after it, and what the API refused. Pass `error` (null while nothing
 * failed) for the alert: it must be on the page before a failure for it to be announced. A form
 * that only sets filters passes no `error` and shows its failures where its results go.
 */
export function FormFooter({ submit, busy, error, children }: { submit: string; busy?: boolean; error?: unknown; children?: ReactNode }) {
  return (
    <>
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy}>
          {submit}
        </Button>
        {children}
      </div>
      {error !== undefined ? <ProblemAlert error={error} /> : null}
    </>
  );
}
