/**
 * The storefront's cart: kept in the browser (the platform owns products and carts; checkout
 * receives the lines). Pure functions, amounts in integer minor units (fen), sums checked to
 * stay exact integers.
 */

export interface CartLine {
  /** The merchant selling the item: the cart may hold several, checkout splits by merchant. */
  merchantId: string;
  sku: string;
  categoryId: string;
  name: { en: string; 'zh-CN': string };
  /** Price of one item in minor units. */
  unitPrice: number;
  currency: string;
  quantity: number;
}

export const MAX_QUANTITY = 99;

export type Cart = readonly CartLine[];

const sameLine = (a: Pick<CartLine, 'merchantId' | 'sku'>, b: Pick<CartLine, 'merchantId' | 'sku'>) => a.merchantId === b.merchantId && a.sku === b.sku;

function clampQuantity(quantity: number): number {
  if (!Number.isInteger(quantity)) return 1;
  return Math.max(0, Math.min(MAX_QUANTITY, quantity));
}

/** Adds `quantity` of an item (merging with a line already there), up to MAX_QUANTITY. */
export function addToCart(cart: Cart, item: Omit<CartLine, 'quantity'>, quantity = 1): Cart {
  const found = cart.find((line) => sameLine(line, item));
  if (!found) return [...cart, { ...item, quantity: clampQuantity(quantity) }].filter((l) => l.quantity > 0);
  return setQuantity(cart, item, found.quantity + quantity);
}

/** Sets a line's quantity; 0 removes it. */
export function setQuantity(cart: Cart, key: Pick<CartLine, 'merchantId' | 'sku'>, quantity: number): Cart {
  const next = clampQuantity(quantity);
  return cart.map((line) => (sameLine(line, key) ? { ...line, quantity: next } : line)).filter((line) => line.quantity > 0);
}

export function removeLine(cart: Cart, key: Pick<CartLine, 'merchantId' | 'sku'>): Cart {
  return cart.filter((line) => !sameLine(line, key));
}

function exactSum(values: number[]): number {
  const total = values.reduce((sum, v) => sum + BigInt(v), 0n);
  if (total > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('cart total is too large');
  return Number(total);
}

export function lineTotal(line: CartLine): number {
  return exactSum([line.unitPrice * line.quantity]);
}

export interface MerchantGroup {
  merchantId: string;
  lines: CartLine[];
  subtotal: number;
  count: number;
}

/** Lines grouped by merchant, in the order each merchant first appears, with subtotals. */
export function groupByMerchant(cart: Cart): MerchantGroup[] {
  const groups = new Map<string, CartLine[]>();
  for (const line of cart) groups.set(line.merchantId, [...(groups.get(line.merchantId) ?? []), line]);
  return [...groups].map(([merchantId, lines]) => ({
    merchantId,
    lines,
    subtotal: exactSum(lines.map(lineTotal)),
    count: lines.reduce((n, l) => n + l.quantity, 0),
  }));
}

export function cartTotal(cart: Cart): number {
  return exactSum(cart.map(lineTotal));
}

export function itemCount(cart: Cart): number {
  return cart.reduce((n, l) => n + l.quantity, 0);
}

/** Reads a stored cart back, dropping anything malformed (a stored cart is never trusted blindly). */
export function parseStoredCart(text: string | null): CartLine[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return [];
    return value.filter(
      (l): l is CartLine =>
        typeof l === 'object' &&
        l !== null &&
        typeof l.merchantId === 'string' &&
        typeof l.sku === 'string' &&
        typeof l.categoryId === 'string' &&
        typeof l.currency === 'string' &&
        typeof l.name?.en === 'string' &&
        typeof l.name?.['zh-CN'] === 'string' &&
        Number.isSafeInteger(l.unitPrice) &&
        l.unitPrice >= 0 &&
        Number.isInteger(l.quantity) &&
        l.quantity > 0 &&
        l.quantity <= MAX_QUANTITY,
    );
  } catch {
    return [];
  }
}
