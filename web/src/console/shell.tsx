import { type ReactNode, useEffect, useRef, useState } from 'react';
import { Button } from '../shared/components/button.js';
import { LanguageSwitch } from '../shared/components/language-switch.js';
import { Link, useRouter } from '../shared/router.js';
import { useT } from './i18n.js';
import { menuFor } from './screens.js';
import { useSession } from './session.js';

/** The signed-in frame: a menu for the role, the user and language in the top bar, the page. */
export function Shell({ children }: { children: ReactNode }) {
  const t = useT();
  const { session, signOut } = useSession();
  const { path } = useRouter();
  const [menuOpen, setMenuOpen] = useState(false);
  const first = useRef(true);

  // After navigating, move focus to the new page's title so screen readers announce it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each change of path
  useEffect(() => {
    setMenuOpen(false);
    if (first.current) {
      first.current = false;
      return;
    }
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [path]);

  if (!session) return null;
  const groups = menuFor(session.user.role);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('common.skip_to_content')}
      </a>
      <header className="topbar">
        <button type="button" className="button button--ghost topbar__menu" aria-expanded={menuOpen} aria-controls="console-nav" onClick={() => setMenuOpen((o) => !o)}>
          {t('shell.menu')}
        </button>
        <Link to="/" className="topbar__brand">
          <span className="brand-mark" aria-hidden="true">
            S
          </span>
          {t('app.name')}
        </Link>
        <div className="topbar__end">
          <LanguageSwitch compact />
          <span className="topbar__user">
            <span className="topbar__username">{session.user.username}</span>
            <span className="badge">{t(`role.${session.user.role}`)}</span>
            {session.kind === 'api_key' ? <span className="badge badge--warn topbar__via-key">{t('shell.via_key')}</span> : null}
          </span>
          <Button variant="ghost" onClick={() => void signOut()}>
            {t('shell.sign_out')}
          </Button>
        </div>
      </header>
      <div className="shell__body">
        <nav id="console-nav" className={`sidebar${menuOpen ? ' sidebar--open' : ''}`} aria-label={t('shell.navigation')}>
          {groups.map((group) => (
            <div key={group.group} className="sidebar__group">
              <p className="sidebar__heading">{t(group.label)}</p>
              <ul>
                {group.items.map((screen) => (
                  <li key={screen.path}>
                    <Link to={screen.path} className={isActive(path, screen.path) ? 'sidebar__link sidebar__link--active' : 'sidebar__link'}>
                      {screen.nav ? t(screen.nav.label) : screen.path}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
        <main id="main" className="main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}

function isActive(path: string, screenPath: string): boolean {
  return screenPath === '/' ? path === '/' : path === screenPath || path.startsWith(`${screenPath}/`);
}
