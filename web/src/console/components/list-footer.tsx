import { Button } from '../../shared/components/button.js';
import { ProblemAlert } from '../../shared/components/problem-alert.js';
import type { PagedList } from '../../shared/components/use-paged-list.js';
import { useT } from '../i18n.js';

/**
 * Under a paged table: how many rows are shown (`showing` names them, "Showing {count}" by
 * default), the API's error, and "Load more" while there is more.
 */
export function ListFooter({ list, empty, showing }: { list: PagedList<unknown>; empty: string; showing?: (count: number) => string }) {
  const t = useT();
  const { items, loading, error, done } = list;
  return (
    <>
      {error ? <ProblemAlert error={error} onRetry={items.length ? list.more : list.reload} /> : null}
      <p className="history__footer" role="status">
        {loading ? t('common.loading') : items.length === 0 ? empty : showing ? showing(items.length) : t('list.showing', { count: items.length })}
        {!loading && done && items.length > 0 ? ` ${t('common.end_of_list')}` : ''}
      </p>
      {!done && !loading && !error ? (
        <Button onClick={list.more} variant="secondary">
          {t('common.load_more')}
        </Button>
      ) : null}
    </>
  );
}
