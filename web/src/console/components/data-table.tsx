import type { ReactNode } from 'react';
import type { PagedList } from '../../shared/components/use-paged-list.js';
import { ListFooter } from './list-footer.js';

/** A column's header: its words, or with `num` right-aligned (money, counts) like the cells under it. */
export type Column = string | { label: string; num?: boolean };

/** The table is named by a heading on the page, or by its own label when there is none. */
type Name = { labelledBy: string; label?: never } | { label: string; labelledBy?: never };

/**
 * Rows from a paged list end with the list's footer (count, error, "Load more"); a plain array
 * may say `empty` when it has no rows.
 */
type Rows<T> = { list: PagedList<T>; empty: string; items?: never } | { items: readonly T[]; empty?: string; list?: never };

type DataTableProps<T> = Name &
  Rows<T> & {
    /** `false` leaves a column out (one only some roles see). */
    columns: readonly (Column | false)[];
    /** One `<tr>` (with its key) per item. */
    children(item: T, index: number): ReactNode;
    compact?: boolean;
    testId?: string;
  };

/** A console table: scrolls sideways on narrow screens, one header row, a row per item, then its footer. */
export function DataTable<T>(props: DataTableProps<T>) {
  const { columns, children, compact, testId, empty } = props;
  const items = props.list ? props.list.items : props.items;
  return (
    <>
      <div className="table-wrap">
        <table className={compact ? 'table table--compact' : 'table'} aria-labelledby={props.labelledBy} aria-label={props.label} data-testid={testId}>
          <thead>
            <tr>
              {columns.map((column) => {
                if (column === false) return null;
                const { label, num } = typeof column === 'string' ? { label: column, num: false } : column;
                return (
                  <th key={label} scope="col" className={num ? 'num' : undefined}>
                    {label}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>{items.map(children)}</tbody>
        </table>
      </div>
      {props.list ? <ListFooter list={props.list} empty={props.empty} /> : empty && items.length === 0 ? <p className="muted">{empty}</p> : null}
    </>
  );
}
