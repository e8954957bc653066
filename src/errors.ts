/**
 * The one catalogue of errors. Every error a client can see has a stable code here, an HTTP
 * status and a title in English and Chinese. Domain code throws `problem(code, …)`; the HTTP
 * layer renders it as application/problem+json (RFC 9457).
 */
export const ERRORS = {
  // Requests
  route_not_found: [404, 'No such route', '路由不存在'],
  method_not_allowed: [405, 'Method not allowed', '不支持的请求方法'],
  malformed_json: [400, 'The body is not valid JSON', '请求体不是有效的 JSON'],
  validation_failed: [400, 'The request is not valid', '请求参数无效'],
  unsupported_media_type: [415, 'Unsupported content type', '不支持的内容类型'],
  payload_too_large: [413, 'The request body is too large', '请求体过大'],
  not_found: [404, 'Not found', '未找到'],
  invalid_cursor: [400, 'The pagination cursor is not valid', '分页游标无效'],
  internal_error: [500, 'Internal error', '内部错误'],
  not_ready: [503, 'The service is not ready', '服务尚未就绪'],
  // Idempotency
  idempotency_key_invalid: [400, 'The Idempotency-Key header is not valid', 'Idempotency-Key 请求头无效'],
  idempotency_key_reused: [409, 'This Idempotency-Key was used with a different request', '该幂等键已用于不同的请求'],
  idempotency_secret_not_replayable: [409, 'The first request with this Idempotency-Key succeeded; the secret it issued is shown only once', '该幂等键的首次请求已成功；其签发的密钥只显示一次'],
  idempotency_request_in_progress: [409, 'A request with this Idempotency-Key is still in progress', '相同幂等键的请求正在处理中'],
  idempotency_answer_unavailable: [409, 'The first request with this Idempotency-Key was carried out; its answer cannot be replayed, so look up its result', '该幂等键的首次请求已执行，但其响应无法重放，请查询其结果'],
  // Ledger
  account_exists: [409, 'An account with this id exists with different fields', '该账户 ID 已存在且字段不同'],
  account_not_found: [404, 'No such ledger account', '账户不存在'],
  transfer_not_found: [404, 'No such ledger transfer', '转账不存在'],
  batch_too_large: [400, 'Too many items in one batch', '批量条目过多'],
  exists_with_different_fields: [409, 'A transfer with this id exists with different fields', '该转账 ID 已存在且字段不同'],
  exceeds_credits: [422, 'The debit would exceed the account’s credits', '借方金额将超过账户贷方余额'],
  exceeds_debits: [422, 'The credit would exceed the account’s debits', '贷方金额将超过账户借方余额'],
  accounts_must_be_different: [422, 'Debit and credit accounts must differ', '借贷账户不能相同'],
  currency_mismatch: [422, 'Currencies of the transfer and its accounts differ', '转账与账户币种不一致'],
  debit_account_not_found: [422, 'The debit account does not exist', '借方账户不存在'],
  credit_account_not_found: [422, 'The credit account does not exist', '贷方账户不存在'],
  amount_must_be_positive: [422, 'The amount must be greater than zero', '金额必须大于零'],
  flags_are_mutually_exclusive: [422, 'These transfer flags cannot be combined', '转账标志不能同时使用'],
  pending_id_required: [422, 'Posting or voiding needs pending_id', '过账或作废需要 pending_id'],
  pending_id_must_be_absent: [422, 'pending_id is only for posting or voiding', 'pending_id 仅用于过账或作废'],
  pending_id_must_be_different: [422, 'pending_id must differ from the transfer id', 'pending_id 不能与转账 ID 相同'],
  timeout_reserved_for_pending: [422, 'timeout_s is only for pending transfers', 'timeout_s 仅用于待定转账'],
  pending_not_found: [422, 'The pending transfer does not exist', '待定转账不存在'],
  pending_transfer_not_pending: [422, 'The referenced transfer is not a pending transfer', '引用的转账不是待定转账'],
  pending_transfer_has_different_accounts: [422, 'The accounts differ from the pending transfer’s', '账户与待定转账不一致'],
  pending_already_posted: [422, 'The pending transfer was already posted', '待定转账已过账'],
  pending_already_voided: [422, 'The pending transfer was already voided', '待定转账已作废'],
  pending_expired: [422, 'The pending transfer has expired', '待定转账已过期'],
  exceeds_pending_amount: [422, 'The amount exceeds the pending amount', '金额超过待定金额'],
  overflows_balance: [422, 'The balance would exceed the largest amount', '余额将超出上限'],
  linked_event_failed: [422, 'Another transfer in the linked chain failed', '关联链中的其他转账失败'],
  linked_event_chain_open: [422, 'The last transfer of a batch cannot be linked', '批次最后一笔转账不能设置 linked'],

  // platform: access errors
  unauthenticated: [401, 'Authentication is required', '需要身份认证'],
  invalid_api_key: [401, 'The API key is not valid, has expired or was revoked', 'API 密钥无效、已过期或已吊销'],
  forbidden: [403, 'Your role may not do this', '当前角色无权执行此操作'],
  merchant_id_required: [400, 'A merchant key needs merchant_id', '商家密钥需要 merchant_id'],
  merchant_id_not_allowed: [400, 'Only merchant keys carry merchant_id', '只有商家密钥可以设置 merchant_id'],
  unknown_merchant: [422, 'No such merchant', '商家不存在'],
  unknown_category: [422, 'No such category', '类目不存在'],
  wrong_merchant: [403, 'This belongs to another merchant', '该数据属于其他商家'],

  // platform: identity errors
  api_key_not_found: [404, 'No such API key', 'API 密钥不存在'],
  csrf_token_invalid: [403, 'The X-CSRF-Token header is missing or does not match the session', 'X-CSRF-Token 请求头缺失或与会话不匹配'],
  invalid_credentials: [401, 'Wrong username or password', '用户名或密码错误'],
  rate_limited: [429, 'Too many attempts; try again later', '尝试次数过多，请稍后再试'],
  session_expired: [401, 'The session has expired; sign in again', '会话已过期，请重新登录'],
  session_invalid: [401, 'The session is not valid or was signed out', '会话无效或已退出'],
  session_not_found: [404, 'This request has no session', '当前请求没有会话'],
  shopper_not_found: [404, 'No such shopper', '顾客不存在'],
  shopper_token_expired: [401, 'The shopper token has expired', '顾客令牌已过期'],
  shopper_token_invalid: [401, 'The shopper token’s signature is not valid', '顾客令牌签名无效'],
  shopper_token_malformed: [401, 'The shopper token is malformed', '顾客令牌格式错误'],
  shopper_token_not_allowed: [403, 'Only storefront keys may act for a shopper', '只有店面密钥可以代表顾客调用'],
  shopper_token_not_yet_valid: [401, 'The shopper token is not valid yet', '顾客令牌尚未生效'],
  shopper_token_required: [401, 'This call needs an X-Shopper-Token header', '此调用需要 X-Shopper-Token 请求头'],
  shopper_token_too_long_lived: [401, 'The shopper token’s lifetime is longer than allowed', '顾客令牌有效期超过上限'],
  shopper_token_wrong_audience: [401, 'The shopper token is for another audience', '顾客令牌的受众不正确'],
  staff_user_not_found: [404, 'No such staff user', '员工账号不存在'],
  username_taken: [409, 'This username is taken', '该用户名已被使用'],

  // platform: approvals errors
  approval_not_found: [404, 'No such approval request', '审批申请不存在'],
  approval_kind_unknown: [400, 'Unknown kind of approval request', '未知的审批类型'],
  approval_not_pending: [409, 'The request has already been decided', '该申请已处理完毕'],
  approval_self_review: [403, 'The maker of a request cannot review it', '申请人不能审批自己的申请'],
  approval_same_reviewer: [403, 'Each review stage needs a different person', '初审与复审必须由不同人员完成'],
  approval_wrong_stage_role: [403, 'Your role may not decide this review stage', '当前角色不能处理该审批环节'],
  approval_cancel_not_maker: [403, 'Only the maker can cancel a request', '只有申请人可以撤回申请'],
  comment_required: [400, 'A comment is required', '需要填写意见'],

  // platform: audit, events, jobs errors
  audit_range_invalid: [400, 'The time range is not valid', '时间范围无效'],
  event_not_found: [404, 'No such event', '事件不存在'],
  job_not_found: [404, 'No such job', '任务不存在'],
  webhook_delivery_in_progress: [409, 'This delivery is being attempted right now', '该投递正在进行中'],
  webhook_delivery_not_found: [404, 'No such webhook delivery', 'Webhook 投递记录不存在'],
  webhook_endpoint_deleted: [409, 'The webhook endpoint was deleted', 'Webhook 端点已删除'],
  webhook_endpoint_disabled: [409, 'The webhook endpoint is disabled', 'Webhook 端点已停用'],
  webhook_endpoint_limit: [409, 'Too many webhook endpoints', 'Webhook 端点数量已达上限'],
  webhook_endpoint_not_found: [404, 'No such webhook endpoint', 'Webhook 端点不存在'],
  webhook_url_invalid: [400, 'The webhook URL is not a valid http or https URL', 'Webhook URL 不是有效的 http 或 https 地址'],

  // gift cards errors
  giftcard_product_not_found: [404, 'No such gift card product', '礼品卡产品不存在'],
  giftcard_product_retired: [422, 'The gift card product is retired', '礼品卡产品已停售'],
  giftcard_product_invalid: [422, 'The gift card product terms are not valid', '礼品卡产品条款无效'],
  giftcard_denomination_invalid: [422, 'The product does not offer this face value', '该产品不提供此面值'],
  giftcard_price_mismatch: [422, 'The sale price differs from the configured price', '售价与配置价格不一致'],
  giftcard_currency_mismatch: [422, 'The currency differs from the product’s', '币种与产品不一致'],
  giftcard_over_max_balance: [422, 'The card balance would exceed the profile’s maximum', '卡余额将超过合规上限'],
  giftcard_validity_not_allowed: [422, 'The validity rule is not allowed by the compliance profile', '有效期规则不符合合规要求'],
  giftcard_identity_required: [422, 'Buyer identity is required for this purchase', '此次购买需要登记购买人实名信息'],
  giftcard_bank_transfer_required: [422, 'This purchase must be paid by bank transfer', '此次购买必须通过银行转账支付'],
  giftcard_order_not_found: [404, 'No such gift card order', '礼品卡订单不存在'],
  giftcard_order_state: [409, 'The gift card order is not in a state that allows this', '礼品卡订单当前状态不允许此操作'],
  giftcard_order_too_large: [422, 'Too many cards in one order', '单笔订单卡片数量过多'],
  giftcard_not_found: [404, 'No such gift card', '礼品卡不存在'],
  giftcard_state: [409, 'The gift card is not in a state that allows this', '礼品卡当前状态不允许此操作'],
  giftcard_has_pending_holds: [409, 'The card has amounts held by orders in progress', '该卡有进行中订单的冻结金额'],
  giftcard_not_reloadable: [422, 'This card cannot be reloaded', '该卡不可充值'],
  giftcard_return_not_allowed: [422, 'This card purchase cannot be returned', '该卡不符合退卡条件'],
  giftcard_not_replaceable: [422, 'Only named cards can be reported lost and replaced', '只有记名卡可以挂失补卡'],
  giftcard_batch_not_found: [404, 'No such card batch', '卡批次不存在'],
  giftcard_batch_state: [409, 'The card batch is not in a state that allows this', '卡批次当前状态不允许此操作'],
  giftcard_codes_exported: [409, 'The codes of this batch were already exported', '该批次卡密已导出'],
  code_malformed: [400, 'This is not a gift card code (check the characters)', '礼品卡卡密格式不正确，请检查输入'],
  code_not_redeemable: [422, 'This code cannot be redeemed', '该卡密无法兑换'],
  card_not_usable: [422, 'This card cannot pay now', '该卡当前无法支付'],
  card_not_accepted: [422, 'The merchant does not accept this card', '该商家不接受此卡'],
  card_balance_changed: [422, 'The card balance is lower than the amount asked', '卡余额不足'],
  card_authorization_mismatch: [409, 'This order already holds a different amount on the card', '该订单已在此卡冻结了不同金额'],
  card_hold_expired: [422, 'The card hold has expired', '卡冻结已过期'],
  giftcard_hold_not_found: [404, 'No such gift card hold', '礼品卡冻结不存在'],
  card_capture_exceeds_hold: [422, 'The capture exceeds the amount held on the card', '扣款金额超过该卡冻结金额'],
  card_refund_exceeds: [422, 'The refund exceeds what the card paid', '退款金额超过该卡支付金额'],
  too_many_cards: [422, 'Too many cards for one order', '单笔订单使用的卡片过多'],

  // coupons errors
  coupon_budget_not_found: [404, 'No such coupon budget', '优惠券预算账户不存在'],
  coupon_budget_insufficient: [422, 'The budget’s available money does not cover this', '预算可用余额不足'],
  coupon_budget_mismatch: [422, 'The template belongs to another budget or currency', '券模板属于其他预算账户或币种'],
  coupon_template_not_found: [404, 'No such coupon template', '券模板不存在'],
  coupon_template_not_active: [409, 'The coupon template is not approved', '券模板尚未审批通过'],
  coupon_cap_required: [400, 'A percent coupon needs a discount cap', '折扣券必须设置最高优惠金额'],
  coupon_value_invalid: [400, 'The coupon’s value is not valid', '券面额无效'],
  coupon_percent_invalid: [400, 'Percent off must be more than 0 and less than 100', '折扣比例必须大于 0 且小于 100'],
  coupon_stock_insufficient: [409, 'The template’s stock is smaller than the quantity asked for', '券模板库存不足'],
  coupon_activity_not_found: [404, 'No such coupon activity', '优惠券活动不存在'],
  coupon_activity_not_editable: [409, 'The activity cannot be changed in its current state', '活动当前状态不可修改'],
  coupon_activity_window_invalid: [400, 'The activity’s time window is not valid', '活动时间无效'],
  coupon_validity_invalid: [400, 'The coupon’s validity is not valid', '券有效期无效'],
  coupon_per_user_limit_invalid: [400, 'The per-user limit must be at least 1', '每人限领数量至少为 1'],
  coupon_scope_invalid: [400, 'The coupon’s scope is not valid', '券使用范围无效'],
  coupon_condition_invalid: [400, 'The coupon’s condition is not valid', '券使用门槛无效'],
  coupon_audience_invalid: [400, 'The audience is not valid', '发放对象无效'],
  coupon_audience_list_too_large: [413, 'The shopper list has too many rows', '顾客名单行数过多'],
  coupon_activity_not_running: [409, 'The activity is not open for claims now', '活动当前不可领取'],
  coupon_activity_ended: [409, 'The activity has ended', '活动已结束'],
  coupon_wrong_method: [409, 'This activity does not distribute coupons this way', '该活动不支持此发放方式'],
  coupon_not_in_audience: [403, 'This shopper is not in the activity’s audience', '不在活动的发放对象范围内'],
  coupon_limit_reached: [409, 'This shopper has claimed as many as allowed', '已达每人限领数量'],
  coupon_sold_out: [409, 'No coupons are left', '优惠券已领完'],
  coupon_link_not_found: [404, 'No such coupon link', '领券链接不存在'],
  coupon_code_invalid: [422, 'The coupon code is not valid', '优惠码无效'],
  coupon_code_used: [409, 'This coupon code has been redeemed', '优惠码已被兑换'],
  coupon_codes_exported: [409, 'The codes were already exported; they are shown only once', '优惠码已导出，仅可导出一次'],
  coupon_not_found: [404, 'No such coupon', '优惠券不存在'],
  coupon_unavailable: [409, 'The coupon cannot be used now', '优惠券当前不可用'],
  coupon_discount_exceeds_value: [422, 'The discount is larger than the coupon’s value', '优惠金额超过券面值'],
  coupon_hold_expired: [409, 'The coupon’s hold expired before payment', '优惠券锁定已超时'],
  coupon_refund_exceeds_use: [422, 'The refund is larger than the discount given', '退回金额超过已优惠金额'],

  // checkout errors
  cart_empty: [400, 'The cart has no lines', '购物车为空'],
  cart_too_large: [400, 'The cart has more lines than allowed', '购物车商品行数超过上限'],
  cart_line_invalid: [400, 'A cart line has a zero, negative or too large price or quantity', '购物车商品行的单价或数量为零、负数或过大'],
  cart_line_duplicate: [400, 'Two cart lines have the same line id', '购物车中有重复的商品行 ID'],
  cart_mixed_currencies: [400, 'The cart mixes currencies', '购物车中包含多种币种'],
  coupon_not_in_wallet: [422, 'This coupon is not in the shopper’s wallet', '该优惠券不在用户的券包中'],
  coupon_not_usable: [422, 'This coupon cannot be used on this cart', '该优惠券不适用于此购物车'],
  coupon_combination_invalid: [422, 'At most one shop coupon per shop and one platform coupon may be combined', '每个店铺最多使用一张店铺券，平台券最多一张'],
  checkout_card_not_usable: [422, 'This gift card cannot pay for this cart', '该礼品卡不能支付此购物车'],
  checkout_too_many_cards: [400, 'Too many gift cards for one order', '单笔订单使用的礼品卡过多'],
  quote_price_changed: [409, 'The cart’s amounts differ from the quote', '购物车金额与试算结果不一致'],
  quote_discount_changed: [409, 'The discount differs from the quote: a coupon changed or is no longer usable', '优惠金额与试算结果不一致：优惠券已变化或不可用'],
  quote_card_changed: [409, 'The gift card coverage differs from the quote: a card balance is lower', '礼品卡抵扣金额与试算结果不一致：礼品卡余额已减少'],
  order_not_found: [404, 'No such order', '订单不存在'],
  order_exists: [409, 'An order with this id exists with different content', '该订单 ID 已存在且内容不同'],
  order_not_locked: [409, 'The order is not waiting for payment', '订单不处于待支付状态'],
  order_lock_expired: [409, 'The order’s lock has expired; lock it again', '订单锁定已超时，请重新下单'],
  order_already_paid: [409, 'The order was already paid with another payment reference', '订单已用其他支付流水号支付'],
  order_not_paid: [409, 'The order has not been paid', '订单尚未支付'],
  order_payment_amount_mismatch: [422, 'The paid amount differs from the amount left to pay', '支付金额与应付金额不一致'],
  order_line_not_found: [422, 'No such line in this order', '订单中没有该商品行'],
  order_merchant_not_found: [404, 'This merchant has no lines in the order', '该商家不在此订单中'],
  refund_exceeds_paid: [422, 'The refund is more than what is left to refund', '退款数量超过可退数量'],
  refund_exists: [409, 'A refund with this id exists with different content', '该退款 ID 已存在且内容不同'],
  order_fully_refunded: [409, 'The order is already fully refunded', '订单已全额退款'],
  checkout_payments_unavailable: [503, 'Gift card and coupon payments are not connected to the checkout', '礼品卡和优惠券支付尚未接入结算'],

  // settlement errors
  reconcile_bad_encoding: [422, 'The file is not UTF-8 text', '文件不是 UTF-8 编码的文本'],
  reconcile_columns_missing: [422, 'The file lacks columns the mapping needs', '文件缺少映射所需的列'],
  reconcile_bad_amount: [422, 'An amount in the file is not a valid amount', '文件中的金额格式无效'],
  reconcile_bad_row: [422, 'A row of the file is not valid', '文件中的某一行无效'],
  reconcile_empty_file: [422, 'The file has no rows', '文件没有数据行'],
  reconcile_too_many_rows: [413, 'The file has too many rows', '文件行数过多'],
  reconcile_file_too_large: [413, 'The file is too large', '文件过大'],
  reconcile_mapping_not_found: [404, 'No such column mapping', '列映射不存在'],
  reconcile_mapping_invalid: [400, 'The column mapping is not valid', '列映射无效'],
  reconcile_run_not_found: [404, 'No such reconciliation run', '对账批次不存在'],
  reconcile_run_not_done: [409, 'The reconciliation run is still matching', '对账批次仍在匹配中'],
  reconcile_difference_not_found: [404, 'No such reconciliation difference', '对账差异不存在'],
  adjustment_not_found: [404, 'No such adjustment', '调账申请不存在'],
  adjustment_account_not_allowed: [422, 'This account cannot be adjusted', '该账户不允许调账'],
  adjustment_already_filed: [409, 'An adjustment was already filed for this difference', '该差异已提交过调账申请'],
  report_range_invalid: [400, 'The report period is not valid', '报表期间无效'],
  report_figure_unknown: [400, 'No such report figure', '报表项目不存在'],
} as const satisfies Record<string, readonly [number, string, string]>;

export type ErrorCode = keyof typeof ERRORS;

export interface FieldError {
  /** JSON pointer-ish path of the offending field, e.g. `/transfers/0/amount`. */
  field: string;
  code: string;
  message: string;
}

export class Problem extends Error {
  override name = 'Problem';
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: string | undefined;
  readonly errors: FieldError[] | undefined;
  /** Extra members of the problem document (must never contain secrets). */
  readonly extra: Record<string, unknown> | undefined;
  /** Seconds the client should wait, sent as Retry-After. */
  readonly retryAfterS: number | undefined;

  constructor(
    code: ErrorCode,
    detail?: string,
    options: { errors?: FieldError[]; extra?: Record<string, unknown>; retryAfterS?: number } = {},
  ) {
    super(detail ?? ERRORS[code][1]);
    this.code = code;
    this.status = ERRORS[code][0];
    this.detail = detail;
    this.errors = options.errors;
    this.extra = options.extra;
    this.retryAfterS = options.retryAfterS;
  }
}

export function problem(
  code: ErrorCode,
  detail?: string,
  options?: { errors?: FieldError[]; extra?: Record<string, unknown>; retryAfterS?: number },
): Problem {
  return new Problem(code, detail, options);
}

export type Language = 'en' | 'zh-CN';

export function titleOf(code: ErrorCode, language: Language): string {
  const entry = ERRORS[code];
  return language === 'zh-CN' ? entry[2] : entry[1];
}

/** Picks zh-CN when the client prefers Chinese, else English. */
export function languageFrom(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'en';
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((entry) => entry.tag.startsWith('zh') || entry.tag.startsWith('en'))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.tag.startsWith('zh') ? 'zh-CN' : 'en';
}
