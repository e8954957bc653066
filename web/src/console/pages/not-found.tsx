import { Link } from '../../shared/router.js';
import { useT } from '../i18n.js';
import { PageHeader } from './page-header.js';

export function NotFound() {
  const t = useT();
  return (
    <>
      <PageHeader title={t('notfound.title')} intro={t('notfound.body')} />
      <Link to="/">{t('notfound.home')}</Link>
    </>
  );
}

export function Forbidden({ role }: { role: string }) {
  const t = useT();
  return (
    <>
      <PageHeader title={t('forbidden.title')} intro={t('forbidden.body', { role })} />
      <Link to="/">{t('notfound.home')}</Link>
    </>
  );
}
