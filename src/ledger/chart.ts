import type { Tx } from '../db/database.js';
import { ensureAccounts } from './ledger.js';

/**
 * Ledger accounts shared by several domains. Each domain names its own accounts (cards,
 * budgets, templates…) in its own module; the merchant accounts are shared because gift cards,
 * coupons and checkout all pay merchants through them.
 *
 * - `merchant:{id}:in_transit:{CUR}` money for paid orders whose receipt is not yet confirmed.
 * - `merchant:{id}:payable:{CUR}`    money the platform owes the merchant (settleable).
 * Both are credit-normal: credits are what the merchant is owed.
 */

export function merchantInTransit(merchantId: string, currency: string): string {
  return `merchant:${merchantId}:in_transit:${currency}`;
}

export function merchantPayable(merchantId: string, currency: string): string {
  return `merchant:${merchantId}:payable:${currency}`;
}

export async function ensureMerchantAccounts(tx: Tx, merchantId: string, currency: string, now: Date): Promise<void> {
  await ensureAccounts(
    tx,
    [
      { id: merchantInTransit(merchantId, currency), code: 'merchant.in_transit', currency, flags: ['debits_must_not_exceed_credits'], metadata: { merchant_id: merchantId } },
      { id: merchantPayable(merchantId, currency), code: 'merchant.payable', currency, flags: ['debits_must_not_exceed_credits'], metadata: { merchant_id: merchantId } },
    ],
    now,
  );
}

/**
 * The chart of accounts and transfer codes every domain uses, so reports (src/settlement) can
 * read the ledger by code. Account ids put the owner first and the currency last.
 *
 * | account code              | id                                   | normal | meaning                                  |
 * |---------------------------|--------------------------------------|--------|------------------------------------------|
 * | payments.clearing         | payments:clearing:{CUR}              | debit  | money received from payment providers    |
 * | merchant.in_transit       | merchant:{id}:in_transit:{CUR}       | credit | paid orders awaiting receipt             |
 * | merchant.payable          | merchant:{id}:payable:{CUR}          | credit | owed to the merchant, settleable         |
 * | giftcard.card             | card:{cardId}                        | credit | one card's balance (the liability)       |
 * | giftcard.sale_discount    | giftcards:sale_discount:{CUR}        | debit  | face value − sale price, an expense      |
 * | giftcard.promotion        | giftcards:promotion:{CUR}            | debit  | value of free (promotional) cards        |
 * | giftcard.breakage         | giftcards:breakage:{CUR}             | credit | expired balances (income)                |
 * | coupon.funding            | budgets:funding:{CUR}                | debit  | money put into coupon budgets            |
 * | coupon.budget_available   | budget:{budgetId}:available          | credit | a budget's unallocated money             |
 * | coupon.template_frozen    | template:{templateId}:frozen         | credit | frozen for a template's stock            |
 * | coupon.activity_frozen    | activity:{activityId}:frozen         | credit | frozen for an activity's coupons         |
 * | adjustments               | adjustments:{CUR}                    | either | the other side of approved adjustments   |
 */
export const ACCOUNT_CODES = [
  'payments.clearing',
  'merchant.in_transit',
  'merchant.payable',
  'giftcard.card',
  'giftcard.sale_discount',
  'giftcard.promotion',
  'giftcard.breakage',
  'coupon.funding',
  'coupon.budget_available',
  'coupon.template_frozen',
  'coupon.activity_frozen',
  'adjustments',
] as const;
export type AccountCode = (typeof ACCOUNT_CODES)[number];

/**
 * Transfer codes (the reason of a transfer), debit → credit:
 * - giftcard.sale            payments.clearing → card          price paid for a sold card
 * - giftcard.sale_discount   giftcard.sale_discount → card     face − price of a discounted card
 * - giftcard.promotion       giftcard.promotion → card         an approved free card
 * - giftcard.reload          payments.clearing → card          money added to a reloadable card
 * - giftcard.redeem          card → merchant.in_transit        a card paying for goods (two-phase)
 * - giftcard.refund          merchant.* → card                 goods refunded back to the card
 * - giftcard.return          card → payments.clearing          a card's unused principal refunded to the buyer
 * - giftcard.return_discount card → giftcard.sale_discount     the discount part of a returned card
 * - giftcard.expire          card → giftcard.breakage          balance of an expired card
 * - giftcard.reactivate      giftcard.breakage → card          an expired card brought back
 * - giftcard.replace         card → card                       a lost card's balance moved to its replacement
 * - coupon.fund              coupon.funding → budget           finance funds a budget
 * - coupon.withdraw          budget → coupon.funding           available money taken out
 * - coupon.template_freeze   budget → template                 a template's value frozen (two-phase while approving)
 * - coupon.template_recycle  template → budget                 unused template stock recycled
 * - coupon.activity_attach   template → activity               a template's stock given to an activity
 * - coupon.activity_return   activity → template               unissued stock back when an activity ends
 * - coupon.use               activity → merchant.in_transit    a coupon's discount at checkout (two-phase)
 * - coupon.unused_return     activity → budget                 the part of a used coupon's value not given
 * - coupon.refund            merchant.* → budget               discount of refunded goods back to the budget
 * - coupon.expire_return     activity → budget                 value of expired or recycled issued coupons
 * - checkout.payment         payments.clearing → merchant.in_transit  what the shopper paid externally
 * - checkout.receipt         merchant.in_transit → merchant.payable   receipt confirmed
 * - checkout.refund          merchant.* → payments.clearing   externally paid money refunded
 * - settlement.adjust        adjustments ↔ any                 an approved adjustment
 *
 * References (`refs`) name the business objects behind a transfer, with these keys: `order`,
 * `refund`, `card`, `coupon`, `activity`, `budget`, `merchant`, and `payment_ref` — the external
 * payment's reference, which reconciliation matches against the payment provider's file.
 */
export const TRANSFER_CODES = [
  'giftcard.sale',
  'giftcard.sale_discount',
  'giftcard.promotion',
  'giftcard.reload',
  'giftcard.redeem',
  'giftcard.refund',
  'giftcard.return',
  'giftcard.return_discount',
  'giftcard.expire',
  'giftcard.reactivate',
  'giftcard.replace',
  'coupon.fund',
  'coupon.withdraw',
  'coupon.template_freeze',
  'coupon.template_recycle',
  'coupon.activity_attach',
  'coupon.activity_return',
  'coupon.use',
  'coupon.unused_return',
  'coupon.refund',
  'coupon.expire_return',
  'checkout.payment',
  'checkout.receipt',
  'checkout.refund',
  'settlement.adjust',
] as const;
export type TransferCode = (typeof TRANSFER_CODES)[number];

export function paymentsClearing(currency: string): string {
  return `payments:clearing:${currency}`;
}
