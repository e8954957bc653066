import type { Generated } from 'kysely';

/**
 * Column types of every table. Money columns are bigint in the database and number in
 * JavaScript (always a safe integer of minor units). Times are ISO-8601 UTC strings.
 */

export interface LedgerAccountsTable {
  id: string;
  code: string;
  currency: string;
  flags: number;
  debits_pending: number;
  debits_posted: number;
  credits_pending: number;
  credits_posted: number;
  metadata: string;
  created_at: string;
}

export interface LedgerTransfersTable {
  seq: Generated<number>;
  id: string;
  debit_account_id: string;
  credit_account_id: string;
  amount: number;
  currency: string;
  code: string;
  flags: number;
  pending_id: string | null;
  timeout_s: number;
  refs: string;
  created_at: string;
}

/** The state of each pending transfer (the transfer row itself never changes). */
export interface LedgerHoldsTable {
  transfer_id: string;
  debit_account_id: string;
  credit_account_id: string;
  amount: number;
  state: 'pending' | 'posted' | 'voided' | 'expired';
  expires_at: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
}

/**
 * SQLite: each account's balances after each transfer that touched it (PostgreSQL keeps them in
 * the transfer row, columns `debit_after_*` and `credit_after_*`; src/ledger/history.ts).
 */
export interface LedgerBalancesTable {
  account_id: string;
  transfer_seq: number;
  debits_pending: number;
  debits_posted: number;
  credits_pending: number;
  credits_posted: number;
}

export interface IdempotencyKeysTable {
  caller: string;
  key: string;
  request_hash: string;
  /** running: claimed; executed: its work committed, answer not yet stored; done: answer stored. */
  state: 'running' | 'executed' | 'done';
  locked_until: string;
  response_status: number | null;
  response_type: string | null;
  response_body: string | null;
  created_at: string;
}

// ── platform tables ──
export interface ApiKeysTable {
  id: string;
  name: string;
  /** The visible start of the key (e.g. `sk_live_AbCd`), to tell keys apart. */
  prefix: string;
  /** SHA-256 of the whole key; the key itself is never stored. */
  secret_hash: string;
  role: string;
  merchant_id: string | null;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface AuditLogTable {
  seq: Generated<number>;
  at: string;
  actor_id: string;
  actor_kind: string;
  role: string | null;
  channel: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before: string | null;
  after: string | null;
  request_id: string | null;
  ip: string | null;
  /** Position in the hash chain, assigned by the sealer; null until sealed. */
  chain_seq: number | null;
  prev_hash: string | null;
  hash: string | null;
}

export interface EventsTable {
  seq: Generated<number>;
  id: string;
  type: string;
  payload: string;
  created_at: string;
}

export interface JobsTable {
  id: string;
  kind: string;
  /** At most one job per key (e.g. `activity-end:123`), so a job is enqueued exactly once. */
  dedupe_key: string | null;
  payload: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  run_at: string;
  attempts: number;
  locked_by: string | null;
  locked_until: string | null;
  progress: string;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

/** Merchants (shops) on the platform, synced by the platform's integration. */
export interface MerchantsTable {
  id: string;
  name: string;
  status: 'active' | 'suspended';
  created_at: string;
  updated_at: string;
}

export interface CategoriesTable {
  id: string;
  name_zh: string;
  name_en: string;
  parent_id: string | null;
  created_at: string;
}

// ── identity tables ──
export interface StaffUsersTable {
  id: string;
  /** Lower case; unique. */
  username: string;
  /** Argon2id PHC string; the password itself is never stored. */
  password_hash: string;
  role: string;
  merchant_id: string | null;
  disabled: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  last_sign_in_at: string | null;
}

export interface StaffSessionsTable {
  id: string;
  /** SHA-256 of the session cookie's token. */
  token_hash: string;
  /** SHA-256 of the CSRF token the console echoes in X-CSRF-Token. */
  csrf_hash: string;
  staff_user_id: string;
  created_at: string;
  /** Idle expiry, pushed forward while the session is used (never past absolute_expires_at). */
  expires_at: string;
  absolute_expires_at: string;
  revoked_at: string | null;
  ip: string | null;
  user_agent: string | null;
}

/** Attributes the platform syncs about its shoppers, for coupon audiences. */
export interface ShoppersTable {
  id: string;
  display_name: string | null;
  /** GB/T 2260 six-digit administrative division code, e.g. 110105 (Beijing, Chaoyang). */
  region_code: string | null;
  registered_at: string;
  real_name_verified: number;
  /** JSON array of the shopper's tags, sorted (the shopper_tags rows are the index). */
  tags: string;
  /** The platform's version of this record; an older version never overwrites a newer one. */
  source_version: number | null;
  created_at: string;
  updated_at: string;
}

export interface ShopperTagsTable {
  tag: string;
  shopper_id: string;
}

/** Rate-limit counters: one row per (bucket, key, window), incremented atomically. */
export interface RateLimitsTable {
  bucket: string;
  /** SHA-256 of the limited key (IP, username, shopper, API key id), so no raw identifiers pile up. */
  key_hash: string;
  window_start: string;
  count: number;
  expires_at: string;
}

export interface IdentitySecretsTable {
  name: string;
  value: string;
  created_at: string;
}

// ── approvals tables ──
export interface ApprovalRequestsTable {
  id: string;
  kind: string;
  subject: string;
  payload: string;
  amount: number | null;
  currency: string | null;
  state: 'pending_first_review' | 'pending_final_review' | 'approved' | 'rejected' | 'cancelled';
  maker_id: string;
  maker_role: string | null;
  merchant_id: string | null;
  hold_transfer_id: string | null;
  first_reviewer_id: string | null;
  final_reviewer_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface ApprovalDecisionsTable {
  id: string;
  request_id: string;
  stage: 'first' | 'final' | 'maker';
  decision: 'approve' | 'reject' | 'cancel';
  actor_id: string;
  actor_role: string | null;
  comment: string | null;
  at: string;
}

// ── webhooks tables ──
export interface WebhookEndpointsTable {
  id: string;
  url: string;
  description: string;
  /** JSON array of event types or patterns (`giftcard.*`, `*`). */
  event_types: string;
  enabled: number;
  /** The signing secret (`whsec_…`); needed in clear to sign, never returned after creation. */
  secret: string;
  /** After a rotation, the old secret still signs until previous_secret_expires_at. */
  previous_secret: string | null;
  previous_secret_expires_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export type WebhookDeliveryState = 'pending' | 'delivering' | 'delivered' | 'failed' | 'cancelled';

/** One per (event, endpoint), made by the fan-out. */
export interface WebhookDeliveriesTable {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_seq: number;
  event_type: string;
  state: WebhookDeliveryState;
  /** Every attempt ever made (numbers the attempt log). */
  attempts: number;
  /** Attempts since the delivery was made or last replayed (drives backoff and the limit). */
  round_attempts: number;
  next_attempt_at: string | null;
  locked_by: string | null;
  locked_until: string | null;
  last_status_code: number | null;
  last_duration_ms: number | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveryAttemptsTable {
  seq: Generated<number>;
  delivery_id: string;
  attempt: number;
  started_at: string;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  outcome: 'delivered' | 'retry' | 'failed';
}

export interface WebhookFanoutTable {
  event_seq: number;
  fanned_out_at: string;
}

export interface WebhookFanoutFloorTable {
  name: string;
  /** Every event with seq ≤ floor_seq has been fanned out. */
  floor_seq: number;
  updated_at: string;
}

// ── gift cards tables ──
/** A card product (种类) and its current terms; cards copy the terms they were sold with. */
export interface GiftcardProductsTable {
  id: string;
  name_zh: string;
  name_en: string;
  category: string;
  form: 'digital' | 'physical';
  currency: string;
  /** JSON [{face, price}] in minor units, price ≤ face. */
  denominations: string;
  custom_min: number | null;
  custom_max: number | null;
  /** Sale price of a custom amount in basis points of its face (10000 = at face). */
  custom_price_bp: number | null;
  validity_kind: 'none' | 'months' | 'fixed';
  validity_months: number | null;
  valid_until: string | null;
  reloadable: number;
  named: number;
  acceptance: 'all' | 'listed';
  /** JSON array of merchant ids when acceptance is 'listed'. */
  accepted_merchants: string;
  status: 'active' | 'retired';
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface GiftcardOrdersTable {
  id: string;
  buyer_kind: 'shopper' | 'company';
  buyer_shopper_id: string | null;
  buyer_name: string | null;
  currency: string;
  state: 'created' | 'paid' | 'issued' | 'cancelled';
  face_total: number;
  price_total: number;
  payment_method: string;
  payment_reference: string | null;
  /** Real-name details when the profile requires them: masked for display, the ID number HMAC'd. */
  identity_name_masked: string | null;
  identity_id_type: string | null;
  identity_id_masked: string | null;
  identity_id_hash: string | null;
  created_by: string;
  created_at: string;
  paid_at: string | null;
  issued_at: string | null;
  cancelled_at: string | null;
  updated_at: string;
}

export interface GiftcardOrderLinesTable {
  order_id: string;
  line_no: number;
  product_id: string;
  face: number;
  price: number;
  quantity: number;
  recipient_shopper_id: string | null;
  message: string | null;
  /** JSON snapshot of the product's terms at the time of sale. */
  terms: string;
}

export interface GiftcardsTable {
  id: string;
  number: string;
  number_last4: string;
  code_hash: string;
  code_last4: string;
  product_id: string;
  order_id: string | null;
  batch_id: string | null;
  currency: string;
  face: number;
  price: number;
  named: number;
  reloadable: number;
  max_balance: number | null;
  /** 'all' or a JSON array of merchant ids. */
  accepted_merchants: string;
  validity_kind: 'none' | 'months' | 'fixed';
  validity_months: number | null;
  valid_until: string | null;
  expires_at: string | null;
  state: 'inactive' | 'active' | 'frozen' | 'expired' | 'voided';
  shopper_id: string | null;
  message: string | null;
  promotional: number;
  reloaded_total: number;
  replaced_by: string | null;
  issued_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Every change of a card (history): who, when, channel, order, merchant, balance after. */
export interface GiftcardEventsTable {
  seq: Generated<number>;
  card_id: string;
  kind: string;
  actor_id: string;
  actor_kind: string;
  channel: string;
  order_ref: string | null;
  merchant_id: string | null;
  amount: number | null;
  balance_after: number;
  detail: string;
  at: string;
}

/** One card's pending/posted payment towards one merchant of one order. */
export interface GiftcardRedemptionsTable {
  transfer_id: string;
  order_id: string;
  card_id: string;
  merchant_id: string;
  currency: string;
  amount: number;
  state: 'pending' | 'posted' | 'voided';
  refunded_amount: number;
  created_at: string;
  updated_at: string;
}

/** One row per reminder sent, so each offset is sent exactly once per expiry date. */
export interface GiftcardRemindersTable {
  card_id: string;
  expires_at: string;
  days_before: number;
  sent_at: string;
}

export interface GiftcardBatchesTable {
  id: string;
  product_id: string;
  face: number;
  quantity: number;
  generated: number;
  state: 'pending_approval' | 'generating' | 'ready' | 'rejected';
  /** Encrypted seed the codes derive from, until the one-time export wipes it. */
  seed_sealed: string | null;
  exported_at: string | null;
  approval_id: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

// ── coupons tables ──
export interface CouponBudgetsTable {
  id: string;
  owner: 'platform' | 'merchant';
  merchant_id: string | null;
  name: string;
  currency: string;
  created_by: string;
  created_at: string;
}

export type CouponType = 'amount_off' | 'no_threshold' | 'percent_off';

export interface CouponTemplatesTable {
  id: string;
  budget_id: string;
  name_zh: string;
  name_en: string;
  type: CouponType;
  amount: number | null;
  percent_bp: number | null;
  cap: number | null;
  /** Value frozen per coupon: the face value, or the cap of a percent coupon. */
  value: number;
  currency: string;
  quantity: number;
  /** Approved coupons not yet given to an activity nor being recycled. */
  stock: number;
  state: 'pending' | 'active' | 'rejected';
  approval_id: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export type CouponActivityState = 'draft' | 'submitted' | 'scheduled' | 'running' | 'ended' | 'rejected';

export interface CouponActivitiesTable {
  id: string;
  budget_id: string;
  merchant_id: string | null;
  name: string;
  description: string;
  method: 'auto' | 'claim' | 'link' | 'code';
  starts_at: string | null;
  ends_at: string | null;
  /** JSON audience rule. */
  audience: string;
  /** Auto-issue: 1 = shoppers synced after publication get coupons too (later passes). */
  include_later: number;
  state: CouponActivityState;
  /** Counts submissions, so each one's attach transfers have their own ids. */
  submission: number;
  approval_id: string | null;
  published_at: string | null;
  ended_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface CouponActivityItemsTable {
  id: string;
  activity_id: string;
  position: number;
  template_id: string;
  quantity: number;
  issued: number;
  /** Unissued coupons given back to the template when the activity ended. */
  returned: number;
  per_user_limit: number;
  validity: string;
  condition: string;
  scope: string;
  link_token: string;
  closed_at: string | null;
}

export interface CouponClaimCountsTable {
  item_id: string;
  shopper_id: string;
  count: number;
}

export type CouponState = 'available' | 'locked' | 'used' | 'expired' | 'recycled';

export interface CouponsTable {
  id: string;
  item_id: string;
  activity_id: string;
  shopper_id: string;
  state: CouponState;
  value: number;
  valid_from: string;
  valid_until: string;
  channel: 'auto' | 'claim' | 'link' | 'code';
  locked_order_id: string | null;
  discount: number | null;
  reminded_at: string | null;
  claimed_at: string;
  updated_at: string;
}

export interface CouponUsesTable {
  order_id: string;
  coupon_id: string;
  merchant_id: string;
  budget_id: string;
  amount: number;
  state: 'locked' | 'paid' | 'released';
  refunded_in_transit: number;
  refunded_payable: number;
  received_at: string | null;
  created_at: string;
}

export interface CouponCodesTable {
  code_hash: string;
  item_id: string;
  serial: number;
  last4: string;
  coupon_id: string | null;
  redeemed_at: string | null;
}

export interface CouponCodeExportsTable {
  activity_id: string;
  exported_by: string;
  exported_at: string;
}

export interface CouponAudienceListsTable {
  activity_id: string;
  shopper_id: string;
}

// ── checkout tables ──
export type OrderState = 'locked' | 'paid' | 'cancelled' | 'expired' | 'refunded';

export interface OrdersTable {
  /** The platform's order id: every transition is idempotent by it. */
  id: string;
  shopper_id: string;
  currency: string;
  state: OrderState;
  original_amount: number;
  discount_amount: number;
  card_amount: number;
  /** What the platform collects itself (after discounts and gift cards). */
  cash_amount: number;
  refunded_amount: number;
  payment_reference: string | null;
  lock_expires_at: string;
  /** Hash of the lock request: the same order id with other content is refused. */
  request_hash: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface OrderLinesTable {
  order_id: string;
  line_id: string;
  position: number;
  sku: string;
  merchant_id: string;
  category_id: string;
  unit_price: number;
  quantity: number;
  original_amount: number;
  discount_amount: number;
  final_amount: number;
  refunded_quantity: number;
}

export interface OrderLineFundsTable {
  order_id: string;
  line_id: string;
  /** 'external' is the money the platform collected itself (source_id 'external'). */
  source: 'coupon' | 'card' | 'external';
  source_id: string;
  merchant_id: string;
  amount: number;
  refunded_amount: number;
}

export interface OrderMerchantsTable {
  order_id: string;
  merchant_id: string;
  /** Card and coupon money for this merchant still in transit (not yet moved to payable or refunded). */
  in_transit_amount: number;
  receipt_confirmed_at: string | null;
}

export interface OrderRefundsTable {
  order_id: string;
  /** The caller's id for this refund; a retry with the same id and content is harmless. */
  refund_id: string;
  request_hash: string;
  /** Money returned to the shopper (gift cards and external). */
  amount: number;
  /** Coupon discount returned to budgets. */
  coupon_amount: number;
  /** JSON: [{ line_id, quantity }]. */
  lines: string;
  created_by: string;
  created_at: string;
}

export interface OrderEventsTable {
  id: string;
  order_id: string;
  kind: string;
  detail: string;
  actor_id: string;
  at: string;
}

// ── settlement tables ──
/** A saved column mapping for reconciliation files (JSON of ReconcileMapping). */
export interface ReconcileMappingsTable {
  name: string;
  mapping: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export type ReconcileRunState = 'loading' | 'matching' | 'done';

export interface ReconcileRunsTable {
  id: string;
  /** Where the file came from, e.g. `alipay` or `order-system`. */
  source: string;
  mapping: string;
  state: ReconcileRunState;
  /** Our transfers in [period_from, period_to) are expected in the file. */
  period_from: string | null;
  period_to: string | null;
  file_rows: number;
  /** JSON: counts and amounts per result. */
  summary: string;
  created_by: string;
  created_at: string;
  finished_at: string | null;
}

export interface ReconcileRowsTable {
  run_id: string;
  line: number;
  reference: string;
  kind: 'payment' | 'refund';
  amount: number;
  currency: string;
  at: string;
}

export interface ReconcileOursTable {
  run_id: string;
  reference: string;
  kind: 'payment' | 'refund';
  currency: string;
  amount: number;
  transfers: number;
  first_transfer_id: string;
}

export type ReconcileResult = 'matched' | 'missing_ours' | 'missing_theirs' | 'amount_differs' | 'duplicate';

export interface ReconcileDifferencesTable {
  id: string;
  run_id: string;
  result: Exclude<ReconcileResult, 'matched'>;
  reference: string;
  kind: 'payment' | 'refund';
  line: number | null;
  currency: string;
  their_amount: number | null;
  our_amount: number | null;
  transfer_id: string | null;
  /** The adjustment request filed for this difference, if any. */
  adjustment_id: string | null;
}

export type AdjustmentState = 'pending' | 'approved' | 'rejected' | 'cancelled';

/** Net posted movement into gift cards per currency and 15-minute bucket (src/settlement/card-moves.ts). */
export interface SettlementCardMovesTable {
  currency: string;
  /** The bucket's start, UTC ISO-8601 on a quarter hour. */
  bucket: string;
  net: number;
}

/** How far each roll-up is complete: every bucket before `through` (UTC ISO-8601) is final. */
export interface SettlementRollupsTable {
  name: string;
  through: string;
}

export interface SettlementAdjustmentsTable {
  id: string;
  approval_id: string;
  difference_id: string | null;
  account_id: string;
  /** What happens to account_id: credited (its credit-normal balance grows) or debited. */
  direction: 'credit' | 'debit';
  amount: number;
  currency: string;
  reason: string;
  /** JSON array of evidence strings (links, file names, ticket numbers). */
  evidence: string;
  state: AdjustmentState;
  transfer_id: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface Database {
  ledger_accounts: LedgerAccountsTable;
  ledger_transfers: LedgerTransfersTable;
  ledger_holds: LedgerHoldsTable;
  ledger_balances: LedgerBalancesTable;
  ledger_balances_recent: LedgerBalancesTable;
  idempotency_keys: IdempotencyKeysTable;
  // platform
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
  events: EventsTable;
  jobs: JobsTable;
  merchants: MerchantsTable;
  categories: CategoriesTable;

  // identity
  staff_users: StaffUsersTable;
  staff_sessions: StaffSessionsTable;
  shoppers: ShoppersTable;
  shopper_tags: ShopperTagsTable;
  rate_limits: RateLimitsTable;
  identity_secrets: IdentitySecretsTable;

  // approvals
  approval_requests: ApprovalRequestsTable;
  approval_decisions: ApprovalDecisionsTable;

  // webhooks
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_delivery_attempts: WebhookDeliveryAttemptsTable;
  webhook_fanout: WebhookFanoutTable;
  webhook_fanout_floor: WebhookFanoutFloorTable;

  // gift cards
  giftcard_products: GiftcardProductsTable;
  giftcard_orders: GiftcardOrdersTable;
  giftcard_order_lines: GiftcardOrderLinesTable;
  giftcards: GiftcardsTable;
  giftcard_events: GiftcardEventsTable;
  giftcard_redemptions: GiftcardRedemptionsTable;
  giftcard_reminders: GiftcardRemindersTable;
  giftcard_batches: GiftcardBatchesTable;

  // coupons
  coupon_budgets: CouponBudgetsTable;
  coupon_templates: CouponTemplatesTable;
  coupon_activities: CouponActivitiesTable;
  coupon_activity_items: CouponActivityItemsTable;
  coupon_claim_counts: CouponClaimCountsTable;
  coupons: CouponsTable;
  coupon_uses: CouponUsesTable;
  coupon_codes: CouponCodesTable;
  coupon_code_exports: CouponCodeExportsTable;
  coupon_audience_lists: CouponAudienceListsTable;

  // checkout
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  order_line_funds: OrderLineFundsTable;
  order_merchants: OrderMerchantsTable;
  order_events: OrderEventsTable;
  order_refunds: OrderRefundsTable;

  // settlement
  reconcile_mappings: ReconcileMappingsTable;
  reconcile_runs: ReconcileRunsTable;
  reconcile_rows: ReconcileRowsTable;
  reconcile_ours: ReconcileOursTable;
  reconcile_differences: ReconcileDifferencesTable;
  settlement_adjustments: SettlementAdjustmentsTable;
  settlement_card_moves: SettlementCardMovesTable;
  settlement_rollups: SettlementRollupsTable;
}
