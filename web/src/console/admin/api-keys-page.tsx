import { type FormEvent, useState } from 'react';
import { Button } from '../../shared/components/button.js';
import { SelectField, TextField } from '../../shared/components/fields.js';
import { ProblemAlert } from '../../shared/components/problem-alert.js';
import { useAction } from '../../shared/components/use-action.js';
import { usePagedList } from '../../shared/components/use-paged-list.js';
import { useFormat } from '../../shared/i18n/i18n.js';
import { startOfDayIso } from '../../shared/zoned-time.js';
import { SecretOnce } from '../components/secret-once.js';
import { StateBadge } from '../components/state-badge.js';
import { checkAll, type Complaint, complaintText, fieldError, ID_PATTERN, optionOf } from '../components/validation.js';
import { useT } from '../i18n.js';
import { PageHeader } from '../pages/page-header.js';
import { useSession } from '../session.js';
import { API_KEY_ROLES, type ApiKey, adminApi } from './admin-api.js';
import { CardSection } from '../components/card-section.js';
import { DataTable } from '../components/data-table.js';
import { FormFooter } from '../components/form-footer.js';

const TONE = { active: 'ok', revoked: 'danger', expired: 'plain' } as const;

/** API keys: create one (its secret shown once), see when each was last used, revoke. */
export function ApiKeysPage() {
  const t = useT();
  const format = useFormat();
  const { session } = useSession();
  const [active, setActive] = useState<'' | 'true' | 'false'>('true');
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const list = usePagedList((cursor, signal) => adminApi.apiKeys(active === '' ? undefined : active === 'true', cursor, signal), [active]);
  const revoke = useAction(async (key: ApiKey) => {
    const revoked = await adminApi.revokeApiKey(key.id);
    list.replace((k) => k.id === key.id, revoked);
    return revoked;
  });
  const mayChange = session?.user.role === 'admin';
  return (
    <>
      <PageHeader title={t('nav.api_keys')} intro={t('keys.intro')} />
      {secret ? <SecretOnce label={t('keys.secret_title', { name: secret.name })} secret={secret.secret} onDone={() => setSecret(null)} /> : null}
      {mayChange && !secret ? (
        <CreateKeyForm
          onCreated={(name, value) => {
            setSecret({ name, secret: value });
            list.reload();
          }}
        />
      ) : null}
      <CardSection id="keys-list" title={t('keys.list')}>
        <div className="filters">
          <SelectField
            label={t('common.state')}
            value={active}
            onChange={(e) => setActive(e.target.value as typeof active)}
            options={[
              { value: 'true', label: t('keys.filter_active') },
              { value: 'false', label: t('keys.filter_inactive') },
              { value: '', label: t('common.all') },
            ]}
          />
        </div>
        <ProblemAlert error={revoke.error} />
        <DataTable
          labelledBy="keys-list"
          columns={[t('common.name'), t('keys.prefix'), t('common.role'), t('common.state'), t('keys.last_used'), t('common.created'), t('keys.expires'), mayChange && t('common.actions')]}
          list={list}
          empty={t('keys.none')}
        >
          {(key) => (
            <tr key={key.id}>
              <td>{key.name}</td>
              <td>
                <code>{key.prefix}…</code>
              </td>
              <td>
                {roleLabel(t, key.role)}
                {key.merchant_id ? ` · ${key.merchant_id}` : ''}
              </td>
              <td>
                <StateBadge tone={TONE[key.state]}>{t(`keys.state.${key.state}`)}</StateBadge>
              </td>
              <td className="nowrap">{key.last_used_at ? format.dateTime(key.last_used_at) : t('common.never')}</td>
              <td className="nowrap">{format.dateTime(key.created_at)}</td>
              <td className="nowrap">{key.expires_at ? format.dateTime(key.expires_at) : '—'}</td>
              {mayChange ? (
                <td>
                  {key.state === 'active' ? (
                    <Button
                      variant="danger"
                      busy={revoke.busy}
                      aria-label={t('keys.revoke_named', { name: key.name })}
                      onClick={() => {
                        if (window.confirm(t('keys.revoke_confirm', { name: key.name }))) void revoke.run(key);
                      }}
                    >
                      {t('keys.revoke')}
                    </Button>
                  ) : null}
                </td>
              ) : null}
            </tr>
          )}
        </DataTable>
      </CardSection>
    </>
  );
}

type Fields = 'name' | 'role' | 'merchant_id' | 'expires_on';

function CreateKeyForm({ onCreated }: { onCreated(name: string, secret: string): void }) {
  const t = useT();
  const format = useFormat();
  const [values, setValues] = useState<Record<Fields, string>>({ name: '', role: 'integration', merchant_id: '', expires_on: '' });
  const [complaints, setComplaints] = useState<Partial<Record<Fields, Complaint>>>({});
  const create = useAction(adminApi.createApiKey);
  const set = (field: Fields, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setComplaints((c) => ({ ...c, [field]: undefined }));
  };
  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = checkAll(values, {
      name: { required: true, max: 128 },
      ...(values.role === 'merchant' ? { merchant_id: { required: true, max: 128, pattern: ID_PATTERN } } : {}),
    });
    setComplaints(found);
    const role = optionOf(API_KEY_ROLES, values.role);
    if (Object.keys(found).length || !role) return;
    const expires = values.expires_on ? startOfDayIso(values.expires_on, format.timeZone) : null;
    const created = await create.run({
      name: values.name.trim(),
      role,
      ...(values.role === 'merchant' ? { merchant_id: values.merchant_id.trim() } : {}),
      ...(expires ? { expires_at: expires } : {}),
    });
    if (created) {
      onCreated(created.name, created.secret);
      setValues({ name: '', role: values.role, merchant_id: '', expires_on: '' });
    }
  }
  const err = (field: Fields, codes: Record<string, string> = {}) => complaintText(t, complaints[field]) ?? fieldError(create.error, field === 'expires_on' ? 'expires_at' : field, codes);
  return (
    <CardSection id="keys-create" title={t('keys.create')}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-grid">
          <TextField label={t('common.name')} name="name" required value={values.name} maxLength={128} onChange={(e) => set('name', e.target.value)} error={err('name')} />
          <SelectField
            label={t('common.role')}
            name="role"
            value={values.role}
            onChange={(e) => set('role', e.target.value)}
            options={API_KEY_ROLES.map((r) => ({ value: r, label: roleLabel(t, r) }))}
          />
          {values.role === 'merchant' ? (
            <TextField
              label={t('common.merchant')}
              name="merchant_id"
              required
              value={values.merchant_id}
              onChange={(e) => set('merchant_id', e.target.value)}
              error={err('merchant_id', { merchant_id_required: 'merchant_id', unknown_merchant: 'merchant_id', merchant_id_not_allowed: 'merchant_id' })}
              hint={t('keys.merchant_hint')}
            />
          ) : null}
          <TextField
            label={t('keys.expires_on')}
            name="expires_on"
            type="date"
            value={values.expires_on}
            onChange={(e) => set('expires_on', e.target.value)}
            hint={t('keys.expires_hint', { zone: format.timeZone })}
            error={err('expires_on')}
          />
        </div>
        <FormFooter submit={t('keys.create_submit')} busy={create.busy} error={create.error} />
      </form>
    </CardSection>
  );
}

export function roleLabel(t: ReturnType<typeof useT>, role: string): string {
  return (API_KEY_ROLES as readonly string[]).includes(role) ? t(`role.${role as (typeof API_KEY_ROLES)[number]}`) : role;
}
