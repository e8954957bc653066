import { type ChangeEvent, type FormEvent, type RefObject, useRef, useState } from 'react';
import { isNotYetAvailable } from '../shared/api.js';
import { Button } from '../shared/components/button.js';
import { Dialog } from '../shared/components/dialog.js';
import { TextField } from '../shared/components/fields.js';
import { fieldErrorFor, ProblemAlert } from '../shared/components/problem-alert.js';
import { useT } from './i18n.js';
import { formatCodeInput, MAX_CODE_LENGTH, normaliseCode } from './redeem-code.js';
import { redeemCard } from './shop-api.js';
import { useShopper } from './shopper.js';

/** The header's "Redeem a gift card" button and its dialog. */
export function RedeemButton({ className }: { className?: string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={`button button--accent${className ? ` ${className}` : ''}`} aria-haspopup="dialog" onClick={() => setOpen(true)}>
        <GiftIcon />
        {t('redeem.open')}
      </button>
      <RedeemDialog open={open} onClose={() => setOpen(false)} />
    </>
  );
}

function RedeemDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  return (
    <Dialog open={open} onClose={onClose} title={t('redeem.title')} initialFocus={input}>
      <RedeemForm inputRef={input} onDone={onClose} />
    </Dialog>
  );
}

function RedeemForm({ inputRef, onDone }: { inputRef: RefObject<HTMLInputElement | null>; onDone(): void }) {
  const t = useT();
  const { shopper } = useShopper();
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);

  function onChange(event: ChangeEvent<HTMLInputElement>) {
    const raw = event.target.value;
    const next = formatCodeInput(raw, event.target.selectionStart ?? raw.length);
    setValue(next.value);
    setMessage(undefined);
    setError(null);
    // Put the caret back where the shopper was typing once React has written the new value.
    requestAnimationFrame(() => inputRef.current?.setSelectionRange(next.caret, next.caret));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const code = normaliseCode(value);
    if (!code) return setMessage(t('redeem.code_required'));
    if (!shopper) return setMessage(t('redeem.need_shopper'));
    setBusy(true);
    try {
      await redeemCard(code);
      setDone(true);
    } catch (caught) {
      if (isNotYetAvailable(caught)) setMessage(t('redeem.unavailable'));
      else setError(caught);
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <div role="status">
        <p>{t('redeem.done')}</p>
        <Button variant="primary" onClick={onDone}>
          {t('common.close')}
        </Button>
      </div>
    );
  }
  return (
    <form onSubmit={submit} noValidate>
      <p className="muted">{t('redeem.intro')}</p>
      <ProblemAlert error={error} />
      <TextField
        ref={inputRef}
        label={t('redeem.code')}
        hint={t('redeem.code_hint')}
        name="code"
        className="code-input"
        value={value}
        onChange={onChange}
        autoComplete="off"
        autoCapitalize="characters"
        autoCorrect="off"
        spellCheck={false}
        inputMode="text"
        maxLength={MAX_CODE_LENGTH + Math.floor(MAX_CODE_LENGTH / 4)}
        error={message ?? fieldErrorFor(error, 'code')}
      />
      <div className="dialog__actions">
        <Button type="submit" variant="primary" busy={busy}>
          {t('redeem.submit')}
        </Button>
      </div>
    </form>
  );
}

function GiftIcon() {
  return (
    <svg className="redeem-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
      <path
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
        d="M4 11h16v9H4zM3 7h18v4H3zM12 7v13M12 7c-1.5-3-5-3.5-5-1.5S10 7 12 7zm0 0c1.5-3 5-3.5 5-1.5S14 7 12 7z"
      />
    </svg>
  );
}
