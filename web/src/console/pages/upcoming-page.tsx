import { Upcoming } from '../../shared/components/upcoming.js';
import { useT } from '../i18n.js';
import type { ConsoleKey } from '../messages.js';
import type { ConsoleRole } from '../roles.js';
import type { NavGroup, Screen } from '../screens.js';
import { PageHeader } from './page-header.js';

/** A screen whose API is being built: its menu entry and an honest "arrives with…" page. */
export function upcomingScreen(
  path: string,
  label: ConsoleKey,
  group: NavGroup,
  api: ConsoleKey,
  description: ConsoleKey,
  roles: readonly ConsoleRole[],
): Screen {
  function UpcomingPage() {
    const t = useT();
    return (
      <>
        <PageHeader title={t(label)} />
        <Upcoming api={t(api)}>
          <p className="upcoming__scope">{t(description)}</p>
        </Upcoming>
      </>
    );
  }
  UpcomingPage.displayName = `Upcoming(${path})`;
  return { path, component: UpcomingPage, roles, nav: { group, label } };
}
