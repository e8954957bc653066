import { useFormat } from '../../shared/i18n/i18n.js';
import { buildPath } from '../../shared/route-match.js';
import { Link } from '../../shared/router.js';
import { useT } from '../i18n.js';
import { type NormalSide, readBalances, sideOf, transferKind } from './balances.js';
import type { Account, HistoryItem } from './ledger-api.js';

const KIND_BADGE = { posted: 'badge badge--ok', pending: 'badge badge--warn', post_pending: 'badge badge--ok', void_pending: 'badge' } as const;

/** An account's transfers, newest first, with the side it was on and the balance after each. */
export function HistoryTable({ account, side, items, labelledBy }: { account: Account; side: NormalSide; items: readonly HistoryItem[]; labelledBy: string }) {
  const t = useT();
  const format = useFormat();
  if (items.length === 0) return null;
  return (
    <div className="table-wrap">
      <table className="table" aria-labelledby={labelledBy}>
        <thead>
          <tr>
            <th scope="col">{t('ledger.when')}</th>
            <th scope="col">{t('ledger.transfer')}</th>
            <th scope="col">{t('ledger.code')}</th>
            <th scope="col">{t('ledger.direction')}</th>
            <th scope="col">{t('ledger.counterparty')}</th>
            <th scope="col" className="num">
              {t('ledger.amount')}
            </th>
            <th scope="col" className="num">
              {t('ledger.balance_after')}
            </th>
            <th scope="col">{t('ledger.state')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
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
          })}
        </tbody>
      </table>
    </div>
  );
}
