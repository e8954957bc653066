import { addSeconds } from '../clock.js';
import {
  ACCOUNT_FLAGS,
  type Account,
  type Balances,
  type Hold,
  type Refs,
  type Transfer,
  type TransferInput,
  type TransferResult,
  hasFlag,
  succeeded,
  transferFlagsToBits,
} from './types.js';

/**
 * The ledger's state machine, with no I/O: given the accounts, holds and existing transfers a
 * batch touches (loaded and locked by the repository), it decides each transfer's result and
 * the changes to write. Keeping it pure lets property tests drive it exhaustively.
 */

/** What the state machine needs of an account: its currency, flags and balances. */
export type AccountState = Balances & Pick<Account, 'id' | 'currency' | 'flags'>;

export interface BatchState {
  /** Working copies of every account the batch may touch; mutated in place. */
  accounts: Map<string, AccountState>;
  /** Holds of every pending_id in the batch; mutated in place. */
  holds: Map<string, Hold>;
  /** Stored transfers whose id is an id or pending_id of the batch. */
  existing: Map<string, Omit<Transfer, 'seq'>>;
}

export interface CreatedTransfer {
  transfer: Omit<Transfer, 'seq'>;
  debitAfter: Balances;
  creditAfter: Balances;
}

export interface BatchOutcome {
  results: TransferResult[];
  created: CreatedTransfer[];
  /** Holds created or resolved by the batch, by pending transfer id. */
  holds: Map<string, Hold>;
  /** Ids of accounts whose balances changed. */
  accounts: Set<string>;
}

export interface ApplyOptions {
  /** The expiry sweep voids pendings that are past their time-out; nobody else may. */
  expiring?: boolean;
}

type Undo = () => void;

class Batch {
  readonly created: CreatedTransfer[] = [];
  readonly holds = new Map<string, Hold>();
  readonly accounts = new Set<string>();
  #undo: Undo[] = [];

  /** `now` as stored in rows, formatted once per batch. */
  readonly nowIso: string;

  constructor(
    readonly state: BatchState,
    readonly now: Date,
    readonly options: ApplyOptions,
  ) {
    this.nowIso = now.toISOString();
  }

  checkpoint(): number {
    return this.#undo.length;
  }

  rollback(to: number): void {
    while (this.#undo.length > to) this.#undo.pop()?.();
  }

  changeBalances(account: AccountState, change: Partial<Balances>): void {
    const before = balancesOf(account);
    this.#undo.push(() => Object.assign(account, before));
    for (const key in change) account[key as keyof Balances] += change[key as keyof Balances] ?? 0;
    this.accounts.add(account.id);
  }

  setHold(hold: Hold): void {
    const previous = this.state.holds.get(hold.transfer_id);
    const previousOutcome = this.holds.get(hold.transfer_id);
    this.#undo.push(() => {
      if (previous) this.state.holds.set(hold.transfer_id, previous);
      else this.state.holds.delete(hold.transfer_id);
      if (previousOutcome) this.holds.set(hold.transfer_id, previousOutcome);
      else this.holds.delete(hold.transfer_id);
    });
    this.state.holds.set(hold.transfer_id, hold);
    this.holds.set(hold.transfer_id, hold);
  }

  record(transfer: Omit<Transfer, 'seq'>, debit: AccountState, credit: AccountState): void {
    this.created.push({ transfer, debitAfter: balancesOf(debit), creditAfter: balancesOf(credit) });
    this.state.existing.set(transfer.id, transfer);
    this.#undo.push(() => {
      this.created.pop();
      this.state.existing.delete(transfer.id);
    });
  }
}

export function balancesOf(account: Balances): Balances {
  return {
    debits_pending: account.debits_pending,
    debits_posted: account.debits_posted,
    credits_pending: account.credits_pending,
    credits_posted: account.credits_posted,
  };
}

export function applyBatch(
  state: BatchState,
  inputs: readonly TransferInput[],
  now: Date,
  options: ApplyOptions = {},
): BatchOutcome {
  const batch = new Batch(state, now, options);
  const results: TransferResult[] = new Array(inputs.length);
  let start = 0;
  while (start < inputs.length) {
    let end = start;
    while (end < inputs.length - 1 && isLinked(inputs[end])) end++;
    const chainOpen = isLinked(inputs[end]);
    applyChain(batch, inputs, start, end, chainOpen, results);
    start = end + 1;
  }
  return { results, created: batch.created, holds: batch.holds, accounts: batch.accounts };
}

function isLinked(input: TransferInput | undefined): boolean {
  return input?.flags?.includes('linked') ?? false;
}

function applyChain(
  batch: Batch,
  inputs: readonly TransferInput[],
  start: number,
  end: number,
  chainOpen: boolean,
  results: TransferResult[],
): void {
  const checkpoint = batch.checkpoint();
  let failedAt = -1;
  let failure: TransferResult = 'ok';
  for (let i = start; i <= end; i++) {
    const input = inputs[i] as TransferInput;
    const result = i === end && chainOpen ? 'linked_event_chain_open' : applyOne(batch, input);
    results[i] = result;
    if (!succeeded(result)) {
      failedAt = i;
      failure = result;
      break;
    }
  }
  if (failedAt < 0) return;
  batch.rollback(checkpoint);
  for (let i = start; i <= end; i++) results[i] = i === failedAt ? failure : 'linked_event_failed';
}

function applyOne(batch: Batch, input: TransferInput): TransferResult {
  const flags = transferFlagsToBits(input.flags);
  const shapeError = checkShape(input, flags);
  if (shapeError) return shapeError;
  const existing = batch.state.existing.get(input.id);
  if (existing) return sameTransfer(existing, input, flags) ? 'exists' : 'exists_with_different_fields';
  if (hasFlag(flags, 'post_pending') || hasFlag(flags, 'void_pending')) return resolvePending(batch, input, flags);
  return createTransfer(batch, input, flags);
}

function checkShape(input: TransferInput, flags: number): TransferResult | null {
  const resolving = hasFlag(flags, 'post_pending') || hasFlag(flags, 'void_pending');
  const kinds = [hasFlag(flags, 'pending'), hasFlag(flags, 'post_pending'), hasFlag(flags, 'void_pending')];
  if (kinds.filter(Boolean).length > 1) return 'flags_are_mutually_exclusive';
  if (resolving && !input.pending_id) return 'pending_id_required';
  if (!resolving && input.pending_id !== undefined) return 'pending_id_must_be_absent';
  if (input.pending_id !== undefined && input.pending_id === input.id) return 'pending_id_must_be_different';
  if ((input.timeout_s ?? 0) !== 0 && !hasFlag(flags, 'pending')) return 'timeout_reserved_for_pending';
  if (input.amount !== undefined && !(Number.isSafeInteger(input.amount) && input.amount > 0)) {
    return 'amount_must_be_positive';
  }
  return null;
}

function createTransfer(batch: Batch, input: TransferInput, flags: number): TransferResult {
  const debit = batch.state.accounts.get(input.debit_account_id ?? '');
  const credit = batch.state.accounts.get(input.credit_account_id ?? '');
  if (input.debit_account_id !== undefined && input.debit_account_id === input.credit_account_id) {
    return 'accounts_must_be_different';
  }
  if (!debit) return 'debit_account_not_found';
  if (!credit) return 'credit_account_not_found';
  if (input.currency !== debit.currency || input.currency !== credit.currency) return 'currency_mismatch';
  const amount = input.amount;
  if (amount === undefined) return 'amount_must_be_positive';
  const pending = hasFlag(flags, 'pending');
  if (
    (debit.flags & ACCOUNT_FLAGS.debits_must_not_exceed_credits) !== 0 &&
    debit.debits_pending + debit.debits_posted + amount > debit.credits_posted
  ) {
    return 'exceeds_credits';
  }
  if (
    (credit.flags & ACCOUNT_FLAGS.credits_must_not_exceed_debits) !== 0 &&
    credit.credits_pending + credit.credits_posted + amount > credit.debits_posted
  ) {
    return 'exceeds_debits';
  }
  if (!fits(debit.debits_pending + debit.debits_posted + amount) || !fits(credit.credits_pending + credit.credits_posted + amount)) {
    return 'overflows_balance';
  }
  const timeoutS = input.timeout_s ?? 0;
  if (pending) {
    batch.changeBalances(debit, { debits_pending: amount });
    batch.changeBalances(credit, { credits_pending: amount });
    batch.setHold({
      transfer_id: input.id,
      debit_account_id: debit.id,
      credit_account_id: credit.id,
      amount,
      state: 'pending',
      expires_at: timeoutS > 0 ? addSeconds(batch.now, timeoutS).toISOString() : null,
      resolved_by: null,
      resolved_at: null,
    });
  } else {
    batch.changeBalances(debit, { debits_posted: amount });
    batch.changeBalances(credit, { credits_posted: amount });
  }
  batch.record(stored(batch, input, flags, debit.id, credit.id, amount, debit.currency, null), debit, credit);
  return 'ok';
}

function resolvePending(batch: Batch, input: TransferInput, flags: number): TransferResult {
  const pendingId = input.pending_id as string;
  const hold = batch.state.holds.get(pendingId);
  if (!hold) return batch.state.existing.has(pendingId) ? 'pending_transfer_not_pending' : 'pending_not_found';
  if (
    (input.debit_account_id !== undefined && input.debit_account_id !== hold.debit_account_id) ||
    (input.credit_account_id !== undefined && input.credit_account_id !== hold.credit_account_id)
  ) {
    return 'pending_transfer_has_different_accounts';
  }
  const debit = batch.state.accounts.get(hold.debit_account_id) as AccountState;
  const credit = batch.state.accounts.get(hold.credit_account_id) as AccountState;
  if (input.currency !== undefined && input.currency !== debit.currency) return 'currency_mismatch';
  if (hold.state === 'posted') return 'pending_already_posted';
  if (hold.state === 'voided') return 'pending_already_voided';
  if (hold.state === 'expired') return 'pending_expired';
  const pastTimeout = hold.expires_at !== null && batch.nowIso >= hold.expires_at;
  if (pastTimeout && !batch.options.expiring) return 'pending_expired';
  const posting = hasFlag(flags, 'post_pending');
  const amount = posting ? (input.amount ?? hold.amount) : hold.amount;
  if (posting && amount > hold.amount) return 'exceeds_pending_amount';
  if (!posting && input.amount !== undefined && input.amount !== hold.amount) return 'exceeds_pending_amount';
  batch.changeBalances(debit, { debits_pending: -hold.amount, ...(posting ? { debits_posted: amount } : {}) });
  batch.changeBalances(credit, { credits_pending: -hold.amount, ...(posting ? { credits_posted: amount } : {}) });
  const state = posting ? 'posted' : batch.options.expiring ? 'expired' : 'voided';
  batch.setHold({ ...hold, state, resolved_by: input.id, resolved_at: batch.nowIso });
  batch.record(stored(batch, input, flags, debit.id, credit.id, amount, debit.currency, pendingId), debit, credit);
  return 'ok';
}

function stored(
  batch: Batch,
  input: TransferInput,
  flags: number,
  debitId: string,
  creditId: string,
  amount: number,
  currency: string,
  pendingId: string | null,
): Omit<Transfer, 'seq'> {
  return {
    id: input.id,
    debit_account_id: debitId,
    credit_account_id: creditId,
    amount,
    currency,
    code: input.code,
    flags,
    pending_id: pendingId,
    timeout_s: input.timeout_s ?? 0,
    refs: input.refs ?? {},
    created_at: batch.nowIso,
  };
}

function fits(total: number): boolean {
  return Number.isSafeInteger(total);
}

/** Whether a retried input asks for exactly what is stored (fields it omits default to the stored ones). */
export function sameTransfer(existing: Omit<Transfer, 'seq'>, input: TransferInput, flags: number): boolean {
  return (
    existing.flags === flags &&
    existing.code === input.code &&
    existing.pending_id === (input.pending_id ?? null) &&
    existing.timeout_s === (input.timeout_s ?? 0) &&
    (input.debit_account_id === undefined || input.debit_account_id === existing.debit_account_id) &&
    (input.credit_account_id === undefined || input.credit_account_id === existing.credit_account_id) &&
    (input.amount === undefined || input.amount === existing.amount) &&
    (input.currency === undefined || input.currency === existing.currency) &&
    canonicalRefs(input.refs ?? {}) === canonicalRefs(existing.refs)
  );
}

export function canonicalRefs(refs: Refs): string {
  return JSON.stringify(Object.keys(refs).sort().map((key) => [key, refs[key]]));
}
