import { useId } from 'react';
import { useLanguage, useTranslator } from '../i18n/i18n.js';
import type { Language } from '../i18n/language.js';
import type { SharedKey } from '../i18n/shared-messages.js';

/** A labelled language picker; the choice is kept in localStorage. */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { language, setLanguage, languages } = useLanguage();
  const t = useTranslator<SharedKey>();
  const id = useId();
  return (
    <div className={`language-switch${compact ? ' language-switch--compact' : ''}`}>
      <label htmlFor={id} className={compact ? 'visually-hidden' : 'language-switch__label'}>
        {t('language.label')}
      </label>
      <select id={id} className="input select language-switch__select" value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
        {languages.map((code) => (
          <option key={code} value={code} lang={code}>
            {t(`language.${code}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
