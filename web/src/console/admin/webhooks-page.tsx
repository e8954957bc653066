import { type FormEvent, useState } from 'react';
import { TextAreaField, TextField } from '../../shared/components/fields.js';
import { useAction } from '../../shared/components/use-action.js';
import { usePagedList } from '../../shared/components/use-paged-list.js';
import { useFormat } from '../../shared/i18n/i18n.js';
import { Link } from '../../shared/router.js';
import { SecretOnce } from '../components/secret-once.js';
import { StateBadge } from '../components/state-badge.js';
import { check, type Complaint, complaintText, EVENT_TYPE_PATTERN, fieldError, splitList } from '../components/validation.js';
import { useT } from '../i18n.js';
import { PageHeader } from '../pages/page-header.js';
import { useSession } from '../session.js';
import { adminApi, type Webhook, type WebhookInput } from './admin-api.js';
import { CardSection } from '../components/card-section.js';
import { DataTable } from '../components/data-table.js';
import { FormFooter } from '../components/form-footer.js';
import { Flags } from '../components/flags.js';

export const URL_CODES = { webhook_url_invalid: 'url' };

/** Webhook endpoints: register one (its signing secret shown once) and open each for its deliveries. */
export function WebhooksPage() {
  const t = useT();
  const format = useFormat();
  const { session } = useSession();
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const list = usePagedList((cursor, signal) => adminApi.webhooks(cursor, signal), []);
  const mayChange = session?.user.role === 'admin';
  return (
    <>
      <PageHeader title={t('nav.webhooks')} intro={t('webhooks.intro')} />
      {secret ? <SecretOnce label={t('webhooks.secret_title', { url: secret.url })} secret={secret.secret} onDone={() => setSecret(null)} /> : null}
      {mayChange && !secret ? (
        <WebhookForm
          onSaved={(created) => {
            if ('secret' in created) setSecret({ url: created.url, secret: String(created.secret) });
            list.reload();
          }}
        />
      ) : null}
      <CardSection id="webhooks-list" title={t('webhooks.list')}>
        <DataTable
          labelledBy="webhooks-list"
          columns={[t('webhooks.url'), t('webhooks.events'), t('common.state'), t('common.created')]}
          list={list}
          empty={t('webhooks.none')}
        >
          {(hook) => (
            <tr key={hook.id}>
              <td>
                <Link to={`/webhooks/${encodeURIComponent(hook.id)}`}>{hook.url}</Link>
                {hook.description ? <p className="muted">{hook.description}</p> : null}
              </td>
              <td>
                <Flags names={hook.event_types} />
              </td>
              <td>
                <EnabledBadge hook={hook} />
              </td>
              <td className="nowrap">{format.dateTime(hook.created_at)}</td>
            </tr>
          )}
        </DataTable>
      </CardSection>
    </>
  );
}

export function EnabledBadge({ hook }: { hook: Webhook }) {
  const t = useT();
  return <StateBadge tone={hook.enabled ? 'ok' : 'plain'}>{t(hook.enabled ? 'webhooks.enabled' : 'webhooks.paused')}</StateBadge>;
}

type Fields = 'url' | 'description' | 'event_types';

/** Registers an endpoint, or (given `hook`) changes its URL, description and events. */
export function WebhookForm({ hook, onSaved }: { hook?: Webhook; onSaved(saved: Webhook | (Webhook & { secret: string })): void }) {
  const t = useT();
  const [values, setValues] = useState<Record<Fields, string>>({
    url: hook?.url ?? '',
    description: hook?.description ?? '',
    event_types: hook?.event_types.join(', ') ?? '*',
  });
  const [complaints, setComplaints] = useState<Partial<Record<Fields, Complaint>>>({});
  const save = useAction((input: WebhookInput) => (hook ? adminApi.changeWebhook(hook.id, input) : adminApi.createWebhook(input)));
  const set = (field: Fields, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setComplaints((c) => ({ ...c, [field]: undefined }));
  };
  async function submit(event: FormEvent) {
    event.preventDefault();
    const types = splitList(values.event_types);
    const found: Partial<Record<Fields, Complaint>> = {};
    const url = check(values.url.trim(), { required: true, max: 2048, url: true });
    if (url) found.url = url;
    const description = check(values.description, { max: 500 });
    if (description) found.description = description;
    if (types.length === 0) found.event_types = { key: 'form.required' };
    const badType = types.map((type) => check(type, { max: 128, pattern: EVENT_TYPE_PATTERN })).find(Boolean);
    if (badType) found.event_types = badType;
    setComplaints(found);
    if (Object.keys(found).length) return;
    const saved = await save.run({ url: values.url.trim(), description: values.description.trim(), event_types: types });
    if (saved) onSaved(saved);
  }
  const err = (field: Fields, codes: Record<string, string> = {}) => complaintText(t, complaints[field]) ?? fieldError(save.error, field, codes);
  return (
    <CardSection id="webhook-form" title={t(hook ? 'webhooks.edit' : 'webhooks.create')}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-grid">
          <TextField label={t('webhooks.url')} name="url" type="url" required value={values.url} onChange={(e) => set('url', e.target.value)} error={err('url', URL_CODES)} placeholder="https://example.com/scrip" />
          <TextField label={t('webhooks.description')} name="description" value={values.description} onChange={(e) => set('description', e.target.value)} error={err('description')} />
          <TextAreaField
            label={t('webhooks.events')}
            name="event_types"
            required
            value={values.event_types}
            onChange={(e) => set('event_types', e.target.value)}
            hint={t('webhooks.events_hint')}
            error={err('event_types')}
          />
        </div>
        <FormFooter submit={t(hook ? 'common.save' : 'webhooks.create_submit')} busy={save.busy} error={save.error} />
      </form>
    </CardSection>
  );
}
