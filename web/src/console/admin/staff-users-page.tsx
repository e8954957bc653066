import { type FormEvent, useState } from 'react';
import { Button } from '../../shared/components/button.js';
import { SelectField, TextField } from '../../shared/components/fields.js';
import { ProblemAlert } from '../../shared/components/problem-alert.js';
import { useAction } from '../../shared/components/use-action.js';
import { usePagedList } from '../../shared/components/use-paged-list.js';
import { useFormat } from '../../shared/i18n/i18n.js';
import { SecretOnce } from '../components/secret-once.js';
import { StateBadge } from '../components/state-badge.js';
import { checkAll, type Complaint, complaintText, fieldError, ID_PATTERN, USERNAME_PATTERN, optionOf } from '../components/validation.js';
import { useT } from '../i18n.js';
import { PageHeader } from '../pages/page-header.js';
import { useSession } from '../session.js';
import { STAFF_ROLES, type StaffUser, type StaffUserChange, adminApi } from './admin-api.js';
import { roleLabel } from './api-keys-page.js';
import { CardSection } from '../components/card-section.js';
import { DataTable } from '../components/data-table.js';
import { FormFooter } from '../components/form-footer.js';

const PASSWORD_MIN = 12;
const PASSWORD_MAX = 256;

/** Staff users: create (a generated password is shown once), change role, disable, sign out everywhere. */
export function StaffUsersPage() {
  const t = useT();
  const format = useFormat();
  const { session } = useSession();
  const mayChange = session?.user.role === 'admin';
  const [shown, setShown] = useState<{ username: string; password: string } | null>(null);
  const [notice, setNotice] = useState('');
  const list = usePagedList((cursor, signal) => adminApi.staffUsers(cursor, signal), []);
  const change = useAction(async (user: StaffUser, patch: StaffUserChange) => {
    const next = await adminApi.changeStaffUser(user.id, patch);
    list.replace((u) => u.id === user.id, next);
    setNotice(t('staff.changed', { username: user.username }));
    return next;
  });
  const signOut = useAction(async (user: StaffUser) => {
    const answer = await adminApi.signOutEverywhere(user.id);
    setNotice(t('staff.signed_out', { username: user.username, count: answer.revoked }));
    return answer;
  });
  return (
    <>
      <PageHeader title={t('nav.staff_users')} intro={t('staff.intro')} />
      {shown ? <SecretOnce label={t('staff.password_title', { username: shown.username })} secret={shown.password} onDone={() => setShown(null)} /> : null}
      {mayChange && !shown ? (
        <CreateStaffForm
          onCreated={(user) => {
            if (user.password) setShown({ username: user.username, password: user.password });
            setNotice(t('staff.created', { username: user.username }));
            list.reload();
          }}
        />
      ) : null}
      <CardSection id="staff-list" title={t('staff.list')}>
        <ProblemAlert error={change.error ?? signOut.error} />
        <p role="status" className="muted">
          {notice}
        </p>
        <DataTable
          labelledBy="staff-list"
          columns={[t('staff.username'), t('common.role'), t('common.merchant'), t('common.state'), t('staff.last_sign_in'), t('common.created'), mayChange && t('common.actions')]}
          list={list}
          empty={t('staff.none')}
        >
          {(user) => (
            <tr key={user.id}>
              <td>{user.username}</td>
              <td>
                {mayChange ? (
                  <select
                    className="input select"
                    aria-label={t('staff.role_of', { username: user.username })}
                    value={user.role}
                    disabled={change.busy}
                    onChange={(e) => {
                      const role = optionOf(STAFF_ROLES, e.target.value);
                      if (role) void change.run(user, { role, ...(role === 'merchant' ? {} : { merchant_id: null }) });
                    }}
                  >
                    {STAFF_ROLES.map((r) => (
                      <option key={r} value={r} disabled={r === 'merchant' && !user.merchant_id}>
                        {roleLabel(t, r)}
                      </option>
                    ))}
                  </select>
                ) : (
                  roleLabel(t, user.role)
                )}
              </td>
              <td>{user.merchant_id ?? '—'}</td>
              <td>
                <StateBadge tone={user.disabled ? 'danger' : 'ok'}>{t(user.disabled ? 'staff.disabled' : 'staff.enabled')}</StateBadge>
              </td>
              <td className="nowrap">{user.last_sign_in_at ? format.dateTime(user.last_sign_in_at) : t('common.never')}</td>
              <td className="nowrap">{format.dateTime(user.created_at)}</td>
              {mayChange ? (
                <td>
                  <div className="row">
                    <Button busy={change.busy} onClick={() => void change.run(user, { disabled: !user.disabled })} aria-label={t(user.disabled ? 'staff.enable_named' : 'staff.disable_named', { username: user.username })}>
                      {t(user.disabled ? 'staff.enable' : 'staff.disable')}
                    </Button>
                    <Button variant="ghost" busy={signOut.busy} onClick={() => void signOut.run(user)} aria-label={t('staff.sign_out_named', { username: user.username })}>
                      {t('staff.sign_out')}
                    </Button>
                  </div>
                </td>
              ) : null}
            </tr>
          )}
        </DataTable>
      </CardSection>
    </>
  );
}

type Fields = 'username' | 'role' | 'merchant_id' | 'password';

function CreateStaffForm({ onCreated }: { onCreated(user: StaffUser & { password?: string }): void }) {
  const t = useT();
  const [values, setValues] = useState<Record<Fields, string>>({ username: '', role: 'operations', merchant_id: '', password: '' });
  const [complaints, setComplaints] = useState<Partial<Record<Fields, Complaint>>>({});
  const create = useAction(adminApi.createStaffUser);
  const set = (field: Fields, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setComplaints((c) => ({ ...c, [field]: undefined }));
  };
  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = checkAll(values, {
      username: { required: true, pattern: USERNAME_PATTERN },
      password: { min: PASSWORD_MIN, max: PASSWORD_MAX },
      ...(values.role === 'merchant' ? { merchant_id: { required: true, max: 128, pattern: ID_PATTERN } } : {}),
    });
    setComplaints(found);
    const role = optionOf(STAFF_ROLES, values.role);
    if (Object.keys(found).length || !role) return;
    const created = await create.run({
      username: values.username.trim(),
      role,
      ...(values.password ? { password: values.password } : {}),
      ...(values.role === 'merchant' ? { merchant_id: values.merchant_id.trim() } : {}),
    });
    if (created) {
      onCreated(created);
      setValues({ username: '', role: values.role, merchant_id: '', password: '' });
    }
  }
  const err = (field: Fields, codes: Record<string, string> = {}) => complaintText(t, complaints[field]) ?? fieldError(create.error, field, codes);
  return (
    <CardSection id="staff-create" title={t('staff.create')}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-grid">
          <TextField
            label={t('staff.username')}
            name="username"
            required
            autoComplete="off"
            value={values.username}
            onChange={(e) => set('username', e.target.value)}
            error={err('username', { username_taken: 'username' })}
          />
          <SelectField label={t('common.role')} name="role" value={values.role} onChange={(e) => set('role', e.target.value)} options={STAFF_ROLES.map((r) => ({ value: r, label: roleLabel(t, r) }))} />
          {values.role === 'merchant' ? (
            <TextField
              label={t('common.merchant')}
              name="merchant_id"
              required
              value={values.merchant_id}
              onChange={(e) => set('merchant_id', e.target.value)}
              error={err('merchant_id', { merchant_id_required: 'merchant_id', unknown_merchant: 'merchant_id', merchant_id_not_allowed: 'merchant_id' })}
            />
          ) : null}
          <TextField
            label={t('staff.password')}
            name="password"
            type="password"
            autoComplete="new-password"
            value={values.password}
            onChange={(e) => set('password', e.target.value)}
            hint={t('staff.password_hint', { min: PASSWORD_MIN })}
            error={err('password', { password_too_weak: 'password' })}
          />
        </div>
        <FormFooter submit={t('staff.create_submit')} busy={create.busy} error={create.error} />
      </form>
    </CardSection>
  );
}
