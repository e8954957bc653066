/**
 * The body of POST /v1/giftcard-products for a plain digital card (¥100 for ¥95, ¥500 for ¥500,
 * 36 months, anonymous, accepted everywhere), with whatever a test needs changed.
 */
export function cardProductInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: { 'zh-CN': '通用卡', en: 'General card' },
    category: 'general',
    form: 'digital',
    currency: 'CNY',
    denominations: [
      { face: 10_000, price: 9_500 },
      { face: 50_000, price: 50_000 },
    ],
    validity: { kind: 'months', months: 36 },
    reloadable: false,
    named: false,
    acceptance: { kind: 'all' },
    ...overrides,
  };
}
