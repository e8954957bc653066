import { type FormEvent, useState } from 'react';
import { Button } from '../../shared/components/button.js';
import { TextField } from '../../shared/components/fields.js';
import { buildPath } from '../../shared/route-match.js';
import { useRouter } from '../../shared/router.js';
import { useT } from '../i18n.js';
import { PageHeader } from '../pages/page-header.js';
import { CardSection } from '../components/card-section.js';

/** Look a ledger account or transfer up by its id (there is no listing: ids come from the domains). */
export function LedgerLookup() {
  const t = useT();
  return (
    <>
      <PageHeader title={t('ledger.title')} intro={t('ledger.intro')} />
      <div className="grid">
        <CardSection id="lookup-account" title={t('ledger.account')}>
          <AccountLookupForm />
        </CardSection>
        <CardSection id="lookup-transfer" title={t('ledger.transfer')}>
          <IdForm label={t('ledger.transfer_id')} submit={t('ledger.find_transfer')} pattern="/ledger/transfers/:id" name="transfer-id" />
        </CardSection>
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
