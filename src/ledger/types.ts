/** Ledger value types, modelled on TigerBeetle's accounts and transfers. */

export const ACCOUNT_FLAGS = {
  debits_must_not_exceed_credits: 1,
  credits_must_not_exceed_debits: 2,
} as const;
export type AccountFlag = keyof typeof ACCOUNT_FLAGS;

export const TRANSFER_FLAGS = {
  linked: 1,
  pending: 2,
  post_pending: 4,
  void_pending: 8,
} as const;
export type TransferFlag = keyof typeof TRANSFER_FLAGS;

export interface Balances {
  debits_pending: number;
  debits_posted: number;
  credits_pending: number;
  credits_posted: number;
}

export interface Account extends Balances {
  id: string;
  code: string;
  currency: string;
  flags: number;
  metadata: Record<string, unknown>;
  created_at: string;
}

export interface AccountInput {
  id: string;
  code: string;
  currency: string;
  flags?: AccountFlag[];
  metadata?: Record<string, unknown>;
}

export type Refs = Record<string, string | number>;

/** What a caller asks for. For post/void, accounts, currency and amount default to the pending's. */
export interface TransferInput {
  id: string;
  debit_account_id?: string;
  credit_account_id?: string;
  /** Minor units. Omitted on a post means the whole pending amount. */
  amount?: number;
  currency?: string;
  code: string;
  flags?: TransferFlag[];
  pending_id?: string;
  /** Seconds until a pending transfer expires and is voided; 0 = never. */
  timeout_s?: number;
  refs?: Refs;
}

/** A transfer as stored: every field resolved. */
export interface Transfer {
  seq: number;
  id: string;
  debit_account_id: string;
  credit_account_id: string;
  amount: number;
  currency: string;
  code: string;
  flags: number;
  pending_id: string | null;
  timeout_s: number;
  refs: Refs;
  created_at: string;
}

export type HoldState = 'pending' | 'posted' | 'voided' | 'expired';

export interface Hold {
  transfer_id: string;
  debit_account_id: string;
  credit_account_id: string;
  amount: number;
  state: HoldState;
  expires_at: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
}

export const TRANSFER_RESULTS = [
  'ok',
  'exists',
  'exists_with_different_fields',
  'accounts_must_be_different',
  'debit_account_not_found',
  'credit_account_not_found',
  'currency_mismatch',
  'amount_must_be_positive',
  'flags_are_mutually_exclusive',
  'pending_id_required',
  'pending_id_must_be_absent',
  'pending_id_must_be_different',
  'timeout_reserved_for_pending',
  'pending_not_found',
  'pending_transfer_not_pending',
  'pending_transfer_has_different_accounts',
  'pending_already_posted',
  'pending_already_voided',
  'pending_expired',
  'exceeds_pending_amount',
  'exceeds_credits',
  'exceeds_debits',
  'overflows_balance',
  'linked_event_failed',
  'linked_event_chain_open',
] as const;
export type TransferResult = (typeof TRANSFER_RESULTS)[number];

export function succeeded(result: TransferResult): boolean {
  return result === 'ok' || result === 'exists';
}

export function hasFlag(flags: number, flag: TransferFlag): boolean {
  return (flags & TRANSFER_FLAGS[flag]) !== 0;
}

export function transferFlagsToBits(flags: readonly TransferFlag[] = []): number {
  return flags.reduce((bits, flag) => bits | TRANSFER_FLAGS[flag], 0);
}

export function transferFlagsFromBits(bits: number): TransferFlag[] {
  return (Object.keys(TRANSFER_FLAGS) as TransferFlag[]).filter((flag) => (bits & TRANSFER_FLAGS[flag]) !== 0);
}

export function accountFlagsToBits(flags: readonly AccountFlag[] = []): number {
  return flags.reduce((bits, flag) => bits | ACCOUNT_FLAGS[flag], 0);
}

export function accountFlagsFromBits(bits: number): AccountFlag[] {
  return (Object.keys(ACCOUNT_FLAGS) as AccountFlag[]).filter((flag) => (bits & ACCOUNT_FLAGS[flag]) !== 0);
}
