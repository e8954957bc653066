import { useFormat } from '../../shared/i18n/i18n.js';
import { buildPath } from '../../shared/route-match.js';
import { Link } from '../../shared/router.js';
import { useT } from '../i18n.js';
import { type NormalSide, readBalances, sideOf, transferKind } from './balances.js';
import type { Account, HistoryItem } from './ledger-api.js';
import { DataTable } from '../components/data-table.js';

const KIND_BADGE = { posted: 'badge badge--ok', pending: 'badge badge--warn', post_pending: 'badge badge--ok', void_pending: 'badge' } as const;

/** An account's transfers, newest first, with the side it was on and the balance after each. */
export function HistoryTable({ account, side, items, labelledBy }: { account: Account; side: NormalSide; items: readonly HistoryItem[]; labelledBy: string }) {
  const t = useT();
  const format = useFormat();
  if (items.length === 0) return null;
  return (
    <DataTable
      labelledBy={labelledBy}
      columns={[
        t('ledger.when'),
        t('ledger.transfer'),
        t('ledger.code'),
        t('ledger.direction'),
        t('ledger.counterparty'),
        { label: t('ledger.amount'), num: true },
        { label: t('ledger.balance_after'), num: true },
        t('ledger.state'),
      ]}
      items={items}
    >
      {(item) => {
        const transfer = item.transfer;
        const on = sideOf(account.id, item);
        const other = on === 'debit' ? transfer.credit_account_id : transfer.debit_account_id;
        const kind = transferKind(transfer.flags);
        return (
          <tr key={transfer.id}>
            <td className="nowrap">{format.dateTime(transfer.created_at)}</td>
            <td>
              <Link to={buildPath('/ledger/transfers/:id', { id: transfer.id })} className="mono">
                {transfer.id}
              </Link>
            </td>
            <td>
              <code>{transfer.code}</code>
            </td>
            <td>{t(on === 'debit' ? 'ledger.debit' : 'ledger.credit')}</td>
            <td>
              <Link to={buildPath('/ledger/accounts/:id', { id: other })} className="mono">
                {other}
              </Link>
            </td>
            <td className="num">{format.money(on === side ? transfer.amount : -transfer.amount, transfer.currency)}</td>
            <td className="num">{format.money(readBalances(item.balances, side).posted, account.currency)}</td>
            <td>
              <span className={KIND_BADGE[kind]}>{t(`ledger.state.${kind}`)}</span>
            </td>
          </tr>
        );
      }}
    </DataTable>
  );
}
