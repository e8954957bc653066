import { type Db, transaction } from '../../src/db/database.js';
import { ensureMerchantAccounts, merchantInTransit, merchantPayable, paymentsClearing } from '../../src/ledger/chart.js';
import { ensureAccounts, requireTransfers } from '../../src/ledger/ledger.js';
import type { Refs, TransferInput } from '../../src/ledger/types.js';
import { MODULES } from '../../src/modules.js';
import { expect } from 'vitest';
import { type TestApp, testApp } from '../support/app.js';

/**
 * A realistic stretch of ledger (mid-February to early April 2026, Shanghai time) written
 * directly with the chart's codes: cards sold at a discount, given away, reloaded, redeemed in
 * two phases (some partly, some voided), refunded, returned, expired and reactivated; budgets
 * funded, frozen into templates (through an approval hold), attached to activities, coupons used
 * in two phases, returned unused, refunded, expired; orders paid, received and refunded.
 * Every posted movement is also kept in `posted`, so tests compute expected figures on their own.
 */

export interface PostedEntry {
  id: string;
  code: string;
  debit: string;
  credit: string;
  amount: number;
  at: string;
  refs: Refs;
}

const CUR = 'CNY';
const MERCHANTS = ['m1', 'm2', 'm3'];

class Rng {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state * 1103515245 + 12345) % 2147483648;
    return this.state / 2147483648;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
}

export async function seedLedgerMonth(db: Db): Promise<PostedEntry[]> {
  const posted: PostedEntry[] = [];
  const pendings = new Map<string, PostedEntry>();
  const balance = new Map<string, number>(); // credit-normal posted balance, for choosing amounts
  const rng = new Rng(42);
  let n = 0;
  const held = new Map<string, number>(); // pending debits
  const bump = (account: string, by: number) => balance.set(account, (balance.get(account) ?? 0) + by);
  const hold = (account: string, by: number) => held.set(account, (held.get(account) ?? 0) + by);
  const free = (account: string) => (balance.get(account) ?? 0) - (held.get(account) ?? 0);

  async function write(at: Date, transfers: TransferInput[]) {
    await transaction(db, (tx) => requireTransfers(tx, transfers, at));
    for (const t of transfers) {
      const flags = t.flags ?? [];
      if (flags.includes('pending')) {
        pendings.set(t.id, { id: t.id, code: t.code, debit: t.debit_account_id as string, credit: t.credit_account_id as string, amount: t.amount as number, at: at.toISOString(), refs: t.refs ?? {} });
        hold(t.debit_account_id as string, t.amount as number);
        continue;
      }
      const resolved = t.pending_id ? pendings.get(t.pending_id) : undefined;
      if (resolved) hold(resolved.debit, -resolved.amount);
      if (flags.includes('void_pending')) {
        pendings.delete(t.pending_id as string);
        continue;
      }
      let entry: PostedEntry;
      if (flags.includes('post_pending')) {
        const pending = pendings.get(t.pending_id as string) as PostedEntry;
        pendings.delete(t.pending_id as string);
        entry = { ...pending, id: t.id, amount: t.amount ?? pending.amount, at: at.toISOString() };
      } else {
        entry = { id: t.id, code: t.code, debit: t.debit_account_id as string, credit: t.credit_account_id as string, amount: t.amount as number, at: at.toISOString(), refs: t.refs ?? {} };
      }
      posted.push(entry);
      bump(entry.debit, -entry.amount);
      bump(entry.credit, entry.amount);
    }
  }
  const id = (kind: string) => `${kind}-${++n}`;
  const start = new Date('2026-02-15T01:00:00Z');

  await transaction(db, async (tx) => {
    await ensureAccounts(
      tx,
      [
        { id: paymentsClearing(CUR), code: 'payments.clearing', currency: CUR },
        { id: `giftcards:sale_discount:${CUR}`, code: 'giftcard.sale_discount', currency: CUR },
        { id: `giftcards:promotion:${CUR}`, code: 'giftcard.promotion', currency: CUR },
        { id: `giftcards:breakage:${CUR}`, code: 'giftcard.breakage', currency: CUR },
        { id: `budgets:funding:${CUR}`, code: 'coupon.funding', currency: CUR },
        { id: `adjustments:${CUR}`, code: 'adjustments', currency: CUR },
        ...['b1', 'b2'].map((b) => ({ id: `budget:${b}:available`, code: 'coupon.budget_available', currency: CUR, flags: ['debits_must_not_exceed_credits' as const] })),
        ...['t1', 't2'].map((t) => ({ id: `template:${t}:frozen`, code: 'coupon.template_frozen', currency: CUR, flags: ['debits_must_not_exceed_credits' as const] })),
        ...['a1', 'a2', 'a3'].map((a) => ({ id: `activity:${a}:frozen`, code: 'coupon.activity_frozen', currency: CUR, flags: ['debits_must_not_exceed_credits' as const] })),
      ],
      start,
    );
    for (const m of MERCHANTS) await ensureMerchantAccounts(tx, m, CUR, start);
  });

  // Budgets: funded, templates frozen through an approval hold, stock given to activities.
  const templateOf: Record<string, string> = { a1: 't1', a2: 't2', a3: 't1' };
  const budgetOf: Record<string, string> = { t1: 'b1', t2: 'b2' };
  await write(start, [
    { id: id('fund'), debit_account_id: `budgets:funding:${CUR}`, credit_account_id: 'budget:b1:available', amount: 500_000, currency: CUR, code: 'coupon.fund', refs: { budget: 'b1' } },
    { id: id('fund'), debit_account_id: `budgets:funding:${CUR}`, credit_account_id: 'budget:b2:available', amount: 300_000, currency: CUR, code: 'coupon.fund', refs: { budget: 'b2' } },
  ]);
  for (const [t, amount] of [['t1', 200_000], ['t2', 150_000]] as const) {
    const hold = id('freeze');
    await write(start, [{ id: hold, debit_account_id: `budget:${budgetOf[t]}:available`, credit_account_id: `template:${t}:frozen`, amount, currency: CUR, code: 'coupon.template_freeze', flags: ['pending'], refs: { budget: budgetOf[t] as string, template: t } }]);
    await write(new Date(start.getTime() + 3_600_000), [{ id: `${hold}:post`, pending_id: hold, code: 'approval.approved', flags: ['post_pending'] }]);
  }
  await write(new Date(start.getTime() + 7_200_000), [
    { id: id('attach'), debit_account_id: 'template:t1:frozen', credit_account_id: 'activity:a1:frozen', amount: 150_000, currency: CUR, code: 'coupon.activity_attach', refs: { activity: 'a1', template: 't1' } },
    { id: id('attach'), debit_account_id: 'template:t2:frozen', credit_account_id: 'activity:a2:frozen', amount: 100_000, currency: CUR, code: 'coupon.activity_attach', refs: { activity: 'a2', template: 't2' } },
  ]);

  const cards: string[] = [];
  const openOrders: { order: string; merchant: string; at: number; card: string | null; cardAmount: number; coupon: string | null; couponAmount: number; cash: number }[] = [];
  const later: TransferInput[] = [];
  for (let day = 0; day < 50; day++) {
    const base = start.getTime() + day * 86_400_000;
    const at = (hour: number) => new Date(base + hour * 3_600_000);
    // Cards sold at 95% of face value, now and then a free one; new cards are accounts.
    const sold: TransferInput[] = [];
    for (let k = 0; k < 3; k++) {
      const card = `card:c${cards.length + 1}`;
      await transaction(db, (tx) => ensureAccounts(tx, [{ id: card, code: 'giftcard.card', currency: CUR, flags: ['debits_must_not_exceed_credits'] }], at(0)));
      cards.push(card);
      const face = [10_000, 20_000, 50_000][rng.int(0, 2)] as number;
      const cardId = card.slice(5);
      if (k === 2 && day % 7 === 0) {
        sold.push({ id: id('promo'), debit_account_id: `giftcards:promotion:${CUR}`, credit_account_id: card, amount: face, currency: CUR, code: 'giftcard.promotion', refs: { card: cardId } });
      } else {
        sold.push({ id: id('sale'), debit_account_id: paymentsClearing(CUR), credit_account_id: card, amount: (face * 95) / 100, currency: CUR, code: 'giftcard.sale', refs: { card: cardId, payment_ref: `pay-${cardId}` } });
        sold.push({ id: id('sale-discount'), debit_account_id: `giftcards:sale_discount:${CUR}`, credit_account_id: card, amount: face / 20, currency: CUR, code: 'giftcard.sale_discount', refs: { card: cardId } });
      }
    }
    await write(at(1), sold);
    if (day % 5 === 1) {
      const card = cards[rng.int(0, cards.length - 1)] as string;
      await write(at(2), [{ id: id('reload'), debit_account_id: paymentsClearing(CUR), credit_account_id: card, amount: 5_000, currency: CUR, code: 'giftcard.reload', refs: { card: card.slice(5), payment_ref: id('pay') } }]);
    }
    if (day === 43) {
      // A template freeze made at the end of March and approved in April: waiting at March's close.
      await write(at(2), [{ id: 'freeze-waiting', debit_account_id: 'budget:b1:available', credit_account_id: 'template:t1:frozen', amount: 7_000, currency: CUR, code: 'coupon.template_freeze', flags: ['pending'], refs: { budget: 'b1', template: 't1' } }]);
      later.push({ id: 'freeze-waiting:post', pending_id: 'freeze-waiting', code: 'approval.approved', flags: ['post_pending'] });
    }
    if (day === 20) await write(at(2), [{ id: id('attach'), debit_account_id: 'template:t1:frozen', credit_account_id: 'activity:a3:frozen', amount: 40_000, currency: CUR, code: 'coupon.activity_attach', refs: { activity: 'a3', template: 't1' } }]);

    // Orders: two-phase card and coupon holds, then posted (one partly, some voided), cash paid.
    for (let k = 0; k < 4; k++) {
      const order = id('order');
      const merchant = MERCHANTS[rng.int(0, 2)] as string;
      const card = cards.find((c) => free(c) >= 3_000 && rng.next() < 0.5) ?? null;
      const cardAmount = card ? Math.min(free(card), rng.int(1_000, 30_000)) : 0;
      const activity = ['a1', 'a2', 'a3'][rng.int(0, 2)] as string;
      const couponHeld = free(`activity:${activity}:frozen`) >= 2_000 ? 2_000 : 0;
      const couponAmount = couponHeld ? rng.int(500, 2_000) : 0;
      const cash = rng.int(0, 20_000);
      const holds: TransferInput[] = [];
      if (card) holds.push({ id: `${order}:card`, debit_account_id: card, credit_account_id: merchantInTransit(merchant, CUR), amount: cardAmount, currency: CUR, code: 'giftcard.redeem', flags: ['pending'], timeout_s: 0, refs: { order, card: card.slice(5), merchant } });
      if (couponHeld) holds.push({ id: `${order}:coupon`, debit_account_id: `activity:${activity}:frozen`, credit_account_id: merchantInTransit(merchant, CUR), amount: couponHeld, currency: CUR, code: 'coupon.use', flags: ['pending'], refs: { order, activity, coupon: `cp-${order}`, merchant } });
      if (holds.length > 0) await write(at(3 + k), holds);
      const voided = k === 3 && day % 6 === 0;
      const posts: TransferInput[] = [];
      const postAt = at(3 + k + 0.5);
      if (voided) {
        for (const h of holds) posts.push({ id: `${h.id}:void`, pending_id: h.id, code: 'checkout.cancel', flags: ['void_pending'] });
        await write(postAt, posts);
        continue;
      }
      if (card) posts.push({ id: `${order}:card:post`, pending_id: `${order}:card`, code: 'checkout.capture', flags: ['post_pending'] });
      if (couponHeld) {
        posts.push({ id: `${order}:coupon:post`, pending_id: `${order}:coupon`, amount: couponAmount, code: 'checkout.capture', flags: ['post_pending'] });
        if (couponAmount < couponHeld) posts.push({ id: `${order}:coupon:unused`, debit_account_id: `activity:${activity}:frozen`, credit_account_id: `budget:${budgetOf[templateOf[activity] as string]}:available`, amount: couponHeld - couponAmount, currency: CUR, code: 'coupon.unused_return', refs: { order, activity } });
      }
      if (cash > 0) posts.push({ id: `${order}:cash`, debit_account_id: paymentsClearing(CUR), credit_account_id: merchantInTransit(merchant, CUR), amount: cash, currency: CUR, code: 'checkout.payment', refs: { order, payment_ref: `pay-${order}`, merchant } });
      // The last order of day 43 stays authorised past the end of March: its hold is pending at the close.
      if (day === 43 && k === 0 && card) {
        posts.shift();
        await write(postAt, posts);
        later.push({ id: `${order}:card:post`, pending_id: `${order}:card`, code: 'checkout.capture', flags: ['post_pending'] });
        continue;
      }
      if (posts.length > 0) {
        await write(postAt, posts);
      }
      openOrders.push({ order, merchant, at: base, card: card ? card : null, cardAmount, coupon: couponHeld ? activity : null, couponAmount: couponHeld ? couponAmount : 0, cash });
    }

    // Refunds before receipt (from in transit) and receipts two days after payment.
    for (const o of openOrders.filter((o) => o.at === base - 2 * 86_400_000)) {
      const inTransit = o.cardAmount + o.couponAmount + o.cash;
      if (inTransit === 0) continue;
      const refundFirst = rng.next() < 0.15;
      const refunds: TransferInput[] = [];
      if (refundFirst && o.cash > 0) {
        refunds.push({ id: `${o.order}:refund-cash`, debit_account_id: merchantInTransit(o.merchant, CUR), credit_account_id: paymentsClearing(CUR), amount: o.cash, currency: CUR, code: 'checkout.refund', refs: { order: o.order, payment_ref: `refund-${o.order}` } });
        await write(at(9), refunds);
      }
      const receipt = inTransit - (refundFirst ? o.cash : 0);
      if (receipt > 0) await write(at(10), [{ id: `${o.order}:receipt:${o.merchant}`, debit_account_id: merchantInTransit(o.merchant, CUR), credit_account_id: merchantPayable(o.merchant, CUR), amount: receipt, currency: CUR, code: 'checkout.receipt', refs: { order: o.order, merchant: o.merchant } }]);
      // After receipt, some orders are refunded in full from payable: card, coupon and cash parts back.
      if (!refundFirst && rng.next() < 0.12) {
        const back: TransferInput[] = [];
        if (o.card && o.cardAmount > 0) back.push({ id: `${o.order}:refund-card`, debit_account_id: merchantPayable(o.merchant, CUR), credit_account_id: o.card, amount: o.cardAmount, currency: CUR, code: 'giftcard.refund', refs: { order: o.order, card: o.card.slice(5) } });
        if (o.coupon && o.couponAmount > 0) back.push({ id: `${o.order}:refund-coupon`, debit_account_id: merchantPayable(o.merchant, CUR), credit_account_id: `budget:${budgetOf[templateOf[o.coupon] as string]}:available`, amount: o.couponAmount, currency: CUR, code: 'coupon.refund', refs: { order: o.order, activity: o.coupon } });
        if (o.cash > 0) back.push({ id: `${o.order}:refund-cash`, debit_account_id: merchantPayable(o.merchant, CUR), credit_account_id: paymentsClearing(CUR), amount: o.cash, currency: CUR, code: 'checkout.refund', refs: { order: o.order, payment_ref: `refund-${o.order}` } });
        if (back.length > 0) await write(at(12), back);
      }
    }

    // Expiry: now and then the oldest card with money expires; one comes back.
    if (day % 9 === 4) {
      const card = cards.find((c) => free(c) > 0 && (held.get(c) ?? 0) === 0) as string;
      const left = free(card);
      await write(at(20), [{ id: id('expire'), debit_account_id: card, credit_account_id: `giftcards:breakage:${CUR}`, amount: left, currency: CUR, code: 'giftcard.expire', refs: { card: card.slice(5) } }]);
      if (day === 22) await write(at(21), [{ id: id('reactivate'), debit_account_id: `giftcards:breakage:${CUR}`, credit_account_id: card, amount: left, currency: CUR, code: 'giftcard.reactivate', refs: { card: card.slice(5) } }]);
    }
    // A returned card: the buyer gets the price back, the discount goes back to its account.
    if (day === 25) {
      const card = cards.find((c, i) => i > 40 && (balance.get(c) ?? 0) === 10_000) ?? null;
      if (card) {
        await write(at(22), [
          { id: id('return'), debit_account_id: card, credit_account_id: paymentsClearing(CUR), amount: 9_500, currency: CUR, code: 'giftcard.return', refs: { card: card.slice(5), payment_ref: `ret-${card}` } },
          { id: id('return-discount'), debit_account_id: card, credit_account_id: `giftcards:sale_discount:${CUR}`, amount: 500, currency: CUR, code: 'giftcard.return_discount', refs: { card: card.slice(5) } },
        ]);
      }
    }
    if (day === 30) {
      await write(at(23), ([
        { id: id('recycle'), debit_account_id: 'template:t2:frozen', credit_account_id: 'budget:b2:available', amount: 20_000, currency: CUR, code: 'coupon.template_recycle', refs: { template: 't2' } },
        { id: id('activity-return'), debit_account_id: 'activity:a3:frozen', credit_account_id: 'template:t1:frozen', amount: Math.min(10_000, balance.get('activity:a3:frozen') ?? 0), currency: CUR, code: 'coupon.activity_return', refs: { activity: 'a3' } },
        { id: id('expire-return'), debit_account_id: 'activity:a1:frozen', credit_account_id: 'budget:b1:available', amount: Math.min(3_000, balance.get('activity:a1:frozen') ?? 0), currency: CUR, code: 'coupon.expire_return', refs: { activity: 'a1' } },
        { id: id('fund'), debit_account_id: `budgets:funding:${CUR}`, credit_account_id: 'budget:b2:available', amount: 50_000, currency: CUR, code: 'coupon.fund', refs: { budget: 'b2' } },
        { id: id('withdraw'), debit_account_id: 'budget:b1:available', credit_account_id: `budgets:funding:${CUR}`, amount: 10_000, currency: CUR, code: 'coupon.withdraw', refs: { budget: 'b1' } },
        { id: id('adjust'), debit_account_id: `adjustments:${CUR}`, credit_account_id: cards[3] as string, amount: 123, currency: CUR, code: 'settlement.adjust', refs: { adjustment: 'adj-1' } },
      ] as TransferInput[]).filter((transfer) => (transfer.amount ?? 0) > 0));
    }
  }
  await write(new Date('2026-04-06T03:00:00Z'), later);
  return posted;
}

/**
 * The verify checks that hold for a month written straight onto the ledger: every module's
 * checks except the domains whose own tables (cards, coupons, orders) such a month leaves empty.
 */
export const LEDGER_MONTH_CHECKS = MODULES.filter((m) => !['giftcards', 'coupons', 'checkout'].includes(m.name)).flatMap((m) => m.checks ?? []);

/** A test app over the seeded month, with a finance key: what the report suites start from. */
export async function openLedgerMonth(db: Db): Promise<{ t: TestApp; finance: Record<string, string>; posted: PostedEntry[] }> {
  const t = await testApp(db, {}, undefined);
  const finance = await t.as('finance');
  const posted = await seedLedgerMonth(db);
  return { t, finance, posted };
}

/** GET as `headers`, expecting 200; the JSON answer. */
export async function getJson(t: TestApp, url: string, headers: Record<string, string>) {
  const res = await t.app.inject({ url, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
