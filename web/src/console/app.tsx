import type { ReactElement } from 'react';
import { matchPath } from '../shared/route-match.js';
import { useRouter } from '../shared/router.js';
import { useT } from './i18n.js';
import { Forbidden, NotFound } from './pages/not-found.js';
import { SignIn } from './pages/sign-in.js';
import { SCREENS } from './screens.js';
import { useSession } from './session.js';
import { Shell } from './shell.js';

/** Signed out: the sign-in screen. Signed in: the shell around the screen for this path. */
export function ConsoleApp() {
  const { status, session } = useSession();
  const { path } = useRouter();
  const t = useT();
  if (status === 'checking') {
    return (
      <p className="splash" role="status">
        {t('common.loading')}
      </p>
    );
  }
  if (!session) return <SignIn />;
  const found = findScreen(path);
  let page: ReactElement;
  if (!found) page = <NotFound />;
  else if (!found.screen.roles.includes(session.user.role)) page = <Forbidden role={t(`role.${session.user.role}`)} />;
  else page = <found.screen.component key={path} params={found.params} />;
  return <Shell>{page}</Shell>;
}

function findScreen(path: string) {
  for (const screen of SCREENS) {
    const params = matchPath(screen.path, path);
    if (params) return { screen, params };
  }
  return null;
}
