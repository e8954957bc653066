import { useState } from 'react';
import { Button } from '../../shared/components/button.js';
import { SelectField } from '../../shared/components/fields.js';
import { ProblemAlert } from '../../shared/components/problem-alert.js';
import { useAction } from '../../shared/components/use-action.js';
import { usePagedList } from '../../shared/components/use-paged-list.js';
import { useResource } from '../../shared/components/use-resource.js';
import { useFormat } from '../../shared/i18n/i18n.js';
import { Link, useRouter } from '../../shared/router.js';
import { SecretOnce } from '../components/secret-once.js';
import { StateBadge } from '../components/state-badge.js';
import { useT } from '../i18n.js';
import { PageHeader } from '../pages/page-header.js';
import { useSession } from '../session.js';
import { DELIVERY_STATES, type Delivery, type DeliveryState, adminApi, type Webhook } from './admin-api.js';
import { EnabledBadge, WebhookForm } from './webhooks-page.js';
import { CardSection } from '../components/card-section.js';
import { DataTable } from '../components/data-table.js';
import { Flags } from '../components/flags.js';

const TONE = { pending: 'plain', delivering: 'warn', delivered: 'ok', failed: 'danger', cancelled: 'plain' } as const;

/** One endpoint: pause or resume, change, rotate its secret, delete; its deliveries with their attempts, and replay. */
export function WebhookPage({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const t = useT();
  const hook = useResource((signal) => adminApi.webhook(id, signal), [id]);
  return (
    <>
      <PageHeader title={t('webhooks.endpoint')} back={<Link to="/webhooks">← {t('nav.webhooks')}</Link>} />
      {hook.state === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {hook.state === 'failed' ? <ProblemAlert error={hook.error} onRetry={hook.reload} /> : null}
      {hook.state === 'ready' ? <Endpoint hook={hook.data} onChanged={hook.reload} /> : null}
    </>
  );
}

function Endpoint({ hook, onChanged }: { hook: Webhook; onChanged(): void }) {
  const t = useT();
  const format = useFormat();
  const { navigate } = useRouter();
  const { session } = useSession();
  const mayChange = session?.user.role === 'admin';
  const [editing, setEditing] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const toggle = useAction(() => adminApi.changeWebhook(hook.id, { enabled: !hook.enabled }));
  const rotate = useAction(() => adminApi.rotateWebhookSecret(hook.id));
  const remove = useAction(() => adminApi.deleteWebhook(hook.id));
  return (
    <div className="stack">
      {secret ? <SecretOnce label={t('webhooks.new_secret')} secret={secret} onDone={() => setSecret(null)} /> : null}
      <CardSection id="webhook-endpoint" title={hook.url}>
        <dl className="definition">
          <dt>{t('common.state')}</dt>
          <dd>
            <EnabledBadge hook={hook} />
          </dd>
          <dt>{t('webhooks.description')}</dt>
          <dd>{hook.description || '—'}</dd>
          <dt>{t('webhooks.events')}</dt>
          <dd>
            <Flags names={hook.event_types} />
          </dd>
          <dt>{t('common.created')}</dt>
          <dd>{format.dateTime(hook.created_at)}</dd>
          <dt>{t('common.updated')}</dt>
          <dd>{format.dateTime(hook.updated_at)}</dd>
          {hook.previous_secret_expires_at ? (
            <>
              <dt>{t('webhooks.previous_secret')}</dt>
              <dd>{format.dateTime(hook.previous_secret_expires_at)}</dd>
            </>
          ) : null}
        </dl>
        {mayChange ? (
          <div className="form-actions">
            <Button busy={toggle.busy} onClick={() => void toggle.run().then((r) => r && onChanged())}>
              {t(hook.enabled ? 'webhooks.pause' : 'webhooks.resume')}
            </Button>
            <Button onClick={() => setEditing((e) => !e)} aria-expanded={editing}>
              {t('webhooks.edit')}
            </Button>
            <Button
              busy={rotate.busy}
              onClick={() => {
                if (window.confirm(t('webhooks.rotate_confirm'))) void rotate.run().then((r) => {
                    if (!r) return;
                    setSecret(r.secret);
                    onChanged();
                  });
              }}
            >
              {t('webhooks.rotate')}
            </Button>
            <Button
              variant="danger"
              busy={remove.busy}
              onClick={() => {
                if (window.confirm(t('webhooks.delete_confirm', { url: hook.url }))) void remove.run().then(() => navigate('/webhooks'));
              }}
            >
              {t('webhooks.delete')}
            </Button>
          </div>
        ) : null}
        <ProblemAlert error={toggle.error ?? rotate.error ?? remove.error} />
      </CardSection>
      {editing ? (
        <WebhookForm
          hook={hook}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
        />
      ) : null}
      <Deliveries hook={hook} mayReplay={mayChange} />
    </div>
  );
}

function Deliveries({ hook, mayReplay }: { hook: Webhook; mayReplay: boolean }) {
  const t = useT();
  const format = useFormat();
  const [state, setState] = useState<DeliveryState | ''>('');
  const [notice, setNotice] = useState('');
  const list = usePagedList((cursor, signal) => adminApi.deliveries(hook.id, state, cursor, signal), [hook.id, state]);
  const replay = useAction(async (delivery: Delivery) => {
    const next = await adminApi.replayDelivery(delivery.id);
    list.replace((d) => d.id === delivery.id, next);
    setNotice(t('webhooks.replayed', { event: delivery.event_type }));
    return next;
  });
  return (
    <CardSection id="webhook-deliveries" title={t('webhooks.deliveries')}>
      <div className="filters">
        <SelectField
          label={t('common.state')}
          value={state}
          onChange={(e) => setState(e.target.value as DeliveryState | '')}
          options={[{ value: '', label: t('common.all') }, ...DELIVERY_STATES.map((s) => ({ value: s, label: t(`delivery.state.${s}`) }))]}
        />
      </div>
      <ProblemAlert error={replay.error} />
      <p role="status" className="muted">
        {notice}
      </p>
      <DataTable
        labelledBy="webhook-deliveries"
        columns={[t('webhooks.event'), t('common.state'), { label: t('webhooks.attempts'), num: true }, t('webhooks.last_answer'), t('webhooks.next_attempt'), t('common.created'), mayReplay && t('common.actions')]}
        list={list}
        empty={t('webhooks.no_deliveries')}
      >
        {(d) => (
          <tr key={d.id}>
            <td>
              <code>{d.event_type}</code>
              <br />
              <span className="mono muted">{d.event_id}</span>
            </td>
            <td>
              <StateBadge tone={TONE[d.state]}>{t(`delivery.state.${d.state}`)}</StateBadge>
            </td>
            <td className="num">{format.number(d.attempts)}</td>
            <td>
              {d.last_status_code !== null ? `HTTP ${d.last_status_code}` : '—'}
              {d.last_duration_ms !== null ? ` · ${t('webhooks.ms', { n: d.last_duration_ms })}` : ''}
              {d.last_error ? <p className="muted">{d.last_error}</p> : null}
              {d.attempt_log.length ? (
                <details>
                  <summary>{t('webhooks.attempt_log', { count: d.attempt_log.length })}</summary>
                  <ol>
                    {d.attempt_log.map((a) => (
                      <li key={a.attempt}>
                        {format.dateTime(a.started_at)} · {a.status_code !== null ? `HTTP ${a.status_code}` : (a.error ?? '—')} · {t(`delivery.outcome.${a.outcome}`)}
                      </li>
                    ))}
                  </ol>
                </details>
              ) : null}
            </td>
            <td className="nowrap">{d.next_attempt_at ? format.dateTime(d.next_attempt_at) : '—'}</td>
            <td className="nowrap">{format.dateTime(d.created_at)}</td>
            {mayReplay ? (
              <td>
                <Button busy={replay.busy} onClick={() => void replay.run(d)} aria-label={t('webhooks.replay_named', { event: d.event_type, id: d.id })}>
                  {t('webhooks.replay')}
                </Button>
              </td>
            ) : null}
          </tr>
        )}
      </DataTable>
    </CardSection>
  );
}
