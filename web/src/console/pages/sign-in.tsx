import { type FormEvent, useState } from 'react';
import { Button } from '../../shared/components/button.js';
import { SelectField, TextField } from '../../shared/components/fields.js';
import { LanguageSwitch } from '../../shared/components/language-switch.js';
import { fieldErrorFor, ProblemAlert } from '../../shared/components/problem-alert.js';
import { useT } from '../i18n.js';
import { CONSOLE_ROLES, type ConsoleRole } from '../roles.js';
import { SignInRefused, useSession } from '../session.js';

type Method = 'password' | 'key';

/** Staff account (username and password) or, as a fallback, an API key for this tab. */
export function SignIn() {
  const t = useT();
  const { passwordSignIn, expired } = useSession();
  const [chosen, setChosen] = useState<Method | null>(null);
  const method: Method = chosen ?? (passwordSignIn ? 'password' : 'key');
  return (
    <div className="signin">
      <div className="signin__lang">
        <LanguageSwitch />
      </div>
      <main className="signin__panel" id="main">
        <p className="signin__brand">
          <span className="brand-mark" aria-hidden="true">
            S
          </span>
          {t('app.name')}
        </p>
        <h1>{t('signin.title')}</h1>
        <p className="muted">{t('signin.intro')}</p>
        {expired ? (
          <p className="notice" role="status">
            {t('signin.expired')}
          </p>
        ) : null}
        <fieldset className="segmented">
          <legend className="visually-hidden">{t('signin.method')}</legend>
          {(['password', 'key'] as const).map((m) => (
            <label key={m} className={`segmented__option${method === m ? ' segmented__option--on' : ''}`}>
              <input type="radio" name="signin-method" value={m} checked={method === m} onChange={() => setChosen(m)} />
              {t(m === 'password' ? 'signin.with_password' : 'signin.with_key')}
            </label>
          ))}
        </fieldset>
        {method === 'password' ? <PasswordForm onUnavailable={() => setChosen('key')} /> : <KeyForm />}
      </main>
    </div>
  );
}

function PasswordForm({ onUnavailable }: { onUnavailable(): void }) {
  const t = useT();
  const { signInWithPassword, passwordSignIn } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [refusal, setRefusal] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setRefusal(null);
    try {
      await signInWithPassword(username.trim(), password);
    } catch (caught) {
      if (caught instanceof SignInRefused) {
        setRefusal(caught.reason === 'password_unavailable' ? t('signin.password_unavailable') : t('signin.no_console_role', { role: caught.role ?? '?' }));
        if (caught.reason === 'password_unavailable') onUnavailable();
      } else setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate={false} className="signin__form">
      {!passwordSignIn ? <p className="notice">{t('signin.password_unavailable')}</p> : null}
      <ProblemAlert error={error} />
      {refusal ? (
        <p className="problem problem__title" role="alert">
          {refusal}
        </p>
      ) : null}
      <TextField
        label={t('signin.username')}
        name="username"
        autoComplete="username"
        required
        value={username}
        onChange={(e) => setUsername(e.target.value)}
        error={fieldErrorFor(error, 'username')}
      />
      <TextField
        label={t('signin.password')}
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={fieldErrorFor(error, 'password')}
      />
      <Button type="submit" variant="primary" busy={busy} className="signin__submit">
        {t('signin.submit')}
      </Button>
    </form>
  );
}

function KeyForm() {
  const t = useT();
  const { signInWithKey } = useSession();
  const [key, setKey] = useState('');
  const [role, setRole] = useState<ConsoleRole>('admin');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [refusal, setRefusal] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setRefusal(null);
    try {
      await signInWithKey(key.trim(), role);
    } catch (caught) {
      if (caught instanceof SignInRefused) {
        setRefusal(caught.reason === 'key_invalid' ? t('signin.key_invalid') : t('signin.no_console_role', { role: caught.role ?? '?' }));
      } else setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="signin__form">
      <ProblemAlert error={error} />
      <TextField
        label={t('signin.key')}
        name="api-key"
        type="password"
        autoComplete="off"
        spellCheck={false}
        required
        hint={t('signin.key_hint')}
        value={key}
        onChange={(e) => setKey(e.target.value)}
        error={refusal ?? undefined}
      />
      <SelectField
        label={t('signin.key_role')}
        name="menu-role"
        hint={t('signin.key_role_hint')}
        value={role}
        onChange={(e) => setRole(e.target.value as ConsoleRole)}
        options={CONSOLE_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
      />
      <Button type="submit" variant="primary" busy={busy} className="signin__submit">
        {t('signin.key_submit')}
      </Button>
    </form>
  );
}
