import type { Db, Tx } from '../../src/db/database.js';
import { transaction } from '../../src/db/database.js';
import { type ErrorCode, problem } from '../../src/errors.js';
import type { AppContext } from '../../src/http/context.js';
import { ensureMerchantAccounts, merchantInTransit, merchantPayable, paymentsClearing } from '../../src/ledger/chart.js';
import { createTransfers, ensureAccounts, getAccount, requireTransfers } from '../../src/ledger/ledger.js';
import { type TransferInput, succeeded } from '../../src/ledger/types.js';
import type {
  CardAuthorization,
  CardPayments,
  CardRefund,
  CouponLock,
  CouponPayments,
  CouponRefund,
  UsableCard,
  WalletCoupon,
} from '../../src/checkout/ports.js';

/**
 * TEST-ONLY doubles of the gift card and coupon ports. They keep no mutable state of their own:
 * balances, holds and coupon states live in the ledger, inside the caller's transaction, so a
 * rolled-back step leaves them untouched exactly like the real implementations must.
 */

const side = (merchantId: string, currency: string, from: 'in_transit' | 'payable') =>
  from === 'in_transit' ? merchantInTransit(merchantId, currency) : merchantPayable(merchantId, currency);

async function pendingHolds(tx: Tx | Db, prefix: string): Promise<{ id: string; code: string }[]> {
  return tx.q
    .selectFrom('ledger_holds as h')
    .innerJoin('ledger_transfers as t', 't.id', 'h.transfer_id')
    .select(['t.id', 't.code'])
    .where('h.transfer_id', '>=', prefix)
    .where('h.transfer_id', '<', `${prefix}\uffff`)
    .where('h.state', '=', 'pending')
    .orderBy('h.transfer_id')
    .execute();
}

async function resolveHolds(tx: Tx, prefix: string, how: 'post_pending' | 'void_pending', now: Date): Promise<void> {
  const holds = await pendingHolds(tx, prefix);
  const inputs = holds.map(({ id, code }): TransferInput => ({ id: `${id}:${how === 'post_pending' ? 'post' : 'void'}`, pending_id: id, code, flags: [how] }));
  if (how === 'post_pending') return requireTransfers(tx, inputs, now);
  // A hold past its time-out is as good as voided (the ledger's sweep marks it so later).
  const outcomes = await createTransfers(tx, inputs, now);
  const failed = outcomes.find((o) => !succeeded(o.result) && o.result !== 'pending_expired');
  if (failed) throw problem(failed.result as ErrorCode, `transfer ${failed.id}: ${failed.result}`);
}

const SETUP_AT = new Date('2026-01-01T00:00:00Z');

export class TestCards implements CardPayments {
  readonly cards = new Map<string, { shopperId: string; currency: string; acceptedBy: readonly string[] | 'all' }>();

  /** Issues a card with a balance (a giftcard.sale from payments clearing). */
  async issue(db: Db, cardId: string, shopperId: string, amount: number, acceptedBy: readonly string[] | 'all' = 'all', currency = 'CNY'): Promise<void> {
    this.cards.set(cardId, { shopperId, currency, acceptedBy });
    await transaction(db, async (tx) => {
      await ensureAccounts(
        tx,
        [
          { id: paymentsClearing(currency), code: 'payments.clearing', currency },
          { id: `test-card:${cardId}`, code: 'test.card', currency, flags: ['debits_must_not_exceed_credits'] },
        ],
        SETUP_AT,
      );
      await requireTransfers(tx, [{ id: `test-sale:${cardId}`, debit_account_id: paymentsClearing(currency), credit_account_id: `test-card:${cardId}`, amount, currency, code: 'giftcard.sale' }], SETUP_AT);
    });
  }

  /** A card spent elsewhere meanwhile (its balance goes down). */
  async spend(db: Db, cardId: string, amount: number): Promise<void> {
    await transaction(db, (tx) =>
      requireTransfers(tx, [{ id: `test-spend:${cardId}:${amount}`, debit_account_id: `test-card:${cardId}`, credit_account_id: paymentsClearing('CNY'), amount, currency: 'CNY', code: 'giftcard.return' }], SETUP_AT),
    );
  }

  async balance(db: Db, cardId: string): Promise<number> {
    const a = await getAccount(db, `test-card:${cardId}`);
    return a ? a.credits_posted - a.debits_posted - a.debits_pending : 0;
  }

  async usableCards(db: Db | Tx, shopperId: string, currency: string): Promise<UsableCard[]> {
    const out: UsableCard[] = [];
    for (const [cardId, card] of this.cards) {
      if (card.shopperId !== shopperId || card.currency !== currency) continue;
      const a = await getAccount(db, `test-card:${cardId}`);
      const available = a ? a.credits_posted - a.debits_posted - a.debits_pending : 0;
      out.push({ cardId, last4: cardId.slice(-4), currency, available, expiresAt: null, acceptedBy: card.acceptedBy });
    }
    return out;
  }

  async authorize(_ctx: AppContext, tx: Tx, input: CardAuthorization, now: Date): Promise<void> {
    const transfers: TransferInput[] = [];
    for (const card of input.cards) {
      for (const m of card.merchants) {
        await ensureMerchantAccounts(tx, m.merchantId, input.currency, now);
        transfers.push({
          id: `order:${input.orderId}:card:${card.cardId}:${m.merchantId}`,
          debit_account_id: `test-card:${card.cardId}`,
          credit_account_id: merchantInTransit(m.merchantId, input.currency),
          amount: m.amount,
          currency: input.currency,
          code: 'giftcard.redeem',
          flags: ['pending'],
          timeout_s: input.timeoutS,
        });
      }
    }
    await requireTransfers(tx, transfers, now);
  }

  capture(_ctx: AppContext, tx: Tx, orderId: string, now: Date): Promise<void> {
    return resolveHolds(tx, `order:${orderId}:card:`, 'post_pending', now);
  }

  release(_ctx: AppContext, tx: Tx, orderId: string, now: Date): Promise<void> {
    return resolveHolds(tx, `order:${orderId}:card:`, 'void_pending', now);
  }

  async refund(_ctx: AppContext, tx: Tx, input: CardRefund, now: Date): Promise<void> {
    const currency = 'CNY';
    await requireTransfers(
      tx,
      input.parts.map((p) => ({
        id: `order:${input.orderId}:refund:${input.refundId}:card:${p.cardId}:${p.merchantId}`,
        debit_account_id: side(p.merchantId, currency, p.from),
        credit_account_id: `test-card:${p.cardId}`,
        amount: p.amount,
        currency,
        code: 'giftcard.refund',
      })),
      now,
    );
  }
}

const BUDGET = 'budget:test:available';
const FUNDING = 'budgets:funding:CNY';
const activity = (couponId: string) => `activity:test-${couponId}:frozen`;

export class TestCoupons implements CouponPayments {
  readonly coupons = new Map<string, { shopperId: string; coupon: WalletCoupon; frozen: number }>();
  readonly received: string[] = [];

  /** Puts a coupon in a shopper's wallet, its frozen value (face value or cap) in its own activity account. */
  async issue(db: Db, shopperId: string, coupon: WalletCoupon): Promise<void> {
    const frozen = (coupon.type === 'percent_off' ? coupon.cap : coupon.amount) ?? 0;
    this.coupons.set(coupon.couponId, { shopperId, coupon, frozen });
    await transaction(db, async (tx) => {
      await ensureAccounts(
        tx,
        [
          { id: FUNDING, code: 'coupon.funding', currency: 'CNY' },
          { id: BUDGET, code: 'coupon.budget_available', currency: 'CNY', flags: ['debits_must_not_exceed_credits'] },
          { id: activity(coupon.couponId), code: 'coupon.activity_frozen', currency: 'CNY', flags: ['debits_must_not_exceed_credits'] },
        ],
        SETUP_AT,
      );
      await requireTransfers(
        tx,
        [
          { id: `test-fund:${coupon.couponId}`, debit_account_id: FUNDING, credit_account_id: BUDGET, amount: frozen, currency: 'CNY', code: 'coupon.fund' },
          { id: `test-attach:${coupon.couponId}`, debit_account_id: BUDGET, credit_account_id: activity(coupon.couponId), amount: frozen, currency: 'CNY', code: 'coupon.activity_attach' },
        ],
        SETUP_AT,
      );
    });
  }

  async walletForQuote(db: Db | Tx, shopperId: string, currency: string): Promise<WalletCoupon[]> {
    const out: WalletCoupon[] = [];
    for (const { shopperId: owner, coupon } of this.coupons.values()) {
      if (owner !== shopperId || coupon.currency !== currency) continue;
      out.push({ ...coupon, ...(await this.state(db, coupon.couponId)) });
    }
    return out;
  }

  private async state(db: Db | Tx, couponId: string): Promise<Pick<WalletCoupon, 'state' | 'lockedByOrderId'>> {
    const a = await getAccount(db, activity(couponId));
    if (a && a.debits_pending > 0) {
      const hold = await db.q
        .selectFrom('ledger_holds')
        .select('transfer_id')
        .where('debit_account_id', '=', activity(couponId))
        .where('state', '=', 'pending')
        .executeTakeFirst();
      const id = hold?.transfer_id ?? '';
      return { state: 'locked', lockedByOrderId: id.slice('order:'.length, id.indexOf(`:coupon:${couponId}:`)) };
    }
    if (a && a.debits_posted > 0) return { state: 'used', lockedByOrderId: null };
    return { state: 'available', lockedByOrderId: null };
  }

  async lock(_ctx: AppContext, tx: Tx, input: CouponLock, now: Date): Promise<void> {
    const transfers: TransferInput[] = [];
    for (const c of input.coupons) {
      const known = this.coupons.get(c.couponId);
      const current = await this.state(tx, c.couponId);
      if (!known || current.state !== 'available') throw problem('coupon_not_usable', `coupon ${c.couponId} is ${current.state}`);
      let given = 0;
      for (const m of c.merchants) {
        await ensureMerchantAccounts(tx, m.merchantId, input.currency, now);
        given += m.amount;
        transfers.push({
          id: `order:${input.orderId}:coupon:${c.couponId}:${m.merchantId}`,
          debit_account_id: activity(c.couponId),
          credit_account_id: merchantInTransit(m.merchantId, input.currency),
          amount: m.amount,
          currency: input.currency,
          code: 'coupon.use',
          flags: ['pending'],
          timeout_s: input.timeoutS,
        });
      }
      // The rest of the frozen value is held too, so a second order can never lock this coupon.
      if (known.frozen > given) {
        transfers.push({
          id: `order:${input.orderId}:coupon:${c.couponId}:~unused`,
          debit_account_id: activity(c.couponId),
          credit_account_id: BUDGET,
          amount: known.frozen - given,
          currency: input.currency,
          code: 'coupon.unused_return',
          flags: ['pending'],
          timeout_s: input.timeoutS,
        });
      }
    }
    await requireTransfers(tx, transfers, now);
  }

  pay(_ctx: AppContext, tx: Tx, orderId: string, now: Date): Promise<void> {
    return resolveHolds(tx, `order:${orderId}:coupon:`, 'post_pending', now);
  }

  release(_ctx: AppContext, tx: Tx, orderId: string, now: Date): Promise<void> {
    return resolveHolds(tx, `order:${orderId}:coupon:`, 'void_pending', now);
  }

  async refund(_ctx: AppContext, tx: Tx, input: CouponRefund, now: Date): Promise<void> {
    await requireTransfers(
      tx,
      input.parts.map((p) => ({
        id: `order:${input.orderId}:refund:${input.refundId}:coupon:${p.couponId}:${p.merchantId}`,
        debit_account_id: side(p.merchantId, 'CNY', p.from),
        credit_account_id: BUDGET,
        amount: p.amount,
        currency: 'CNY',
        code: 'coupon.refund',
      })),
      now,
    );
  }

  async markReceived(_ctx: AppContext, _tx: Tx, orderId: string, merchantId: string): Promise<void> {
    this.received.push(`${orderId}/${merchantId}`);
  }

  async budget(db: Db): Promise<number> {
    const a = await getAccount(db, BUDGET);
    return a ? a.credits_posted - a.debits_posted : 0;
  }
}
