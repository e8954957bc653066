import { type FormEvent, useState } from 'react';
import { Button } from '../../shared/components/button.js';
import { TextField } from '../../shared/components/fields.js';
import { buildPath } from '../../shared/route-match.js';
import { useRouter } from '../../shared/router.js';
import { useT } from '../i18n.js';
import { PageHeader } from '../pages/page-header.js';

/** Look a ledger account or transfer up by its id (there is no listing: ids come from the domains). */
export function LedgerLookup() {
  const t = useT();
  return (
    <>
      <PageHeader title={t('ledger.title')} intro={t('ledger.intro')} />
      <div className="grid">
        <section className="card" aria-labelledby="lookup-account">
          <h2 id="lookup-account" className="card__title">
            {t('ledger.account')}
          </h2>
          <AccountLookupForm />
        </section>
        <section className="card" aria-labelledby="lookup-transfer">
          <h2 id="lookup-transfer" className="card__title">
            {t('ledger.transfer')}
          </h2>
          <IdForm label={t('ledger.transfer_id')} submit={t('ledger.find_transfer')} pattern="/ledger/transfers/:id" name="transfer-id" />
        </section>
      </div>
    </>
  );
}

export function AccountLookupForm() {
  const t = useT();
  return <IdForm label={t('ledger.account_id')} submit={t('ledger.find_account')} pattern="/ledger/accounts/:id" name="account-id" />;
}

function IdForm({ label, submit, pattern, name }: { label: string; submit: string; pattern: string; name: string }) {
  const t = useT();
  const { navigate } = useRouter();
  const [id, setId] = useState('');
  const [error, setError] = useState<string | undefined>();
  function go(event: FormEvent) {
    event.preventDefault();
    const trimmed = id.trim();
    if (!trimmed) {
      setError(t('ledger.id_required'));
      return;
    }
    navigate(buildPath(pattern, { id: trimmed }));
  }
  return (
    <form onSubmit={go} className="row lookup-form" noValidate>
      <TextField
        label={label}
        name={name}
        value={id}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => {
          setId(e.target.value);
          setError(undefined);
        }}
        error={error}
        fieldClassName="lookup-form__field"
      />
      <Button type="submit" variant="primary" className="lookup-form__submit">
        {submit}
      </Button>
    </form>
  );
}
