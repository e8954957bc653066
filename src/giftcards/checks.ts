import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Check } from '../verify.js';

/**
 * `scrip verify` for gift cards: every issued card has its ledger account and every card
 * account its card; a card that cannot be used (inactive, voided, expired) holds nothing
 * posted; the outstanding liability (sum of card accounts) equals the sum of live cards' balances.
 */

async function firstCardWithoutAccount(db: Db): Promise<string | null> {
  const row = await sql<{ id: string; state: string }>`
    select c.id, c.state from giftcards c
    left join ledger_accounts a on a.id = 'card:' || c.id
    where c.state <> 'inactive' and (a.id is null or a.code <> 'giftcard.card' or a.currency <> c.currency)
    limit 1`.execute(db.q);
  const card = row.rows[0];
  return card ? `card ${card.id} (${card.state}) has no giftcard.card ledger account in its currency` : null;
}

async function firstOrphanAccount(db: Db): Promise<string | null> {
  const row = await sql<{ id: string }>`
    select a.id from ledger_accounts a
    left join giftcards c on a.id = 'card:' || c.id
    where a.code = 'giftcard.card' and c.id is null
    limit 1`.execute(db.q);
  return row.rows[0] ? `ledger account ${row.rows[0].id} belongs to no card` : null;
}

async function firstDeadCardWithValue(db: Db): Promise<string | null> {
  const row = await sql<{ id: string; state: string; balance: number }>`
    select c.id, c.state, a.credits_posted - a.debits_posted as balance from giftcards c
    join ledger_accounts a on a.id = 'card:' || c.id
    where c.state in ('inactive', 'voided') and a.credits_posted - a.debits_posted <> 0
    limit 1`.execute(db.q);
  const card = row.rows[0];
  return card ? `card ${card.id} is ${card.state} but holds ${card.balance}` : null;
}

async function liabilityDifference(db: Db): Promise<string | null> {
  const rows = await sql<{ currency: string; accounts: number; cards: number }>`
    select a.currency,
           sum(a.credits_posted - a.debits_posted) as accounts,
           sum(case when c.id is not null then a.credits_posted - a.debits_posted else 0 end) as cards
    from ledger_accounts a left join giftcards c on a.id = 'card:' || c.id
    where a.code = 'giftcard.card'
    group by a.currency`.execute(db.q);
  const off = rows.rows.find((r) => Number(r.accounts) !== Number(r.cards));
  return off ? `${off.currency}: card accounts hold ${off.accounts}, cards ${off.cards}` : null;
}

export const giftcardChecks: Check[] = [
  { name: 'gift cards: every card has its account', run: firstCardWithoutAccount },
  { name: 'gift cards: every card account has its card', run: firstOrphanAccount },
  { name: 'gift cards: unusable cards hold nothing', run: firstDeadCardWithValue },
  { name: 'gift cards: liability = card balances', run: liabilityDifference },
];
