import { describe, expect, it } from 'vitest';
import { addToCart, cartTotal, groupByMerchant, itemCount, MAX_QUANTITY, parseStoredCart, removeLine, setQuantity } from './cart.js';

const tea = { merchantId: 'm-tea', sku: 'longjing', categoryId: 'tea', name: { en: 'Longjing', 'zh-CN': '龙井' }, unitPrice: 12_800, currency: 'CNY' };
const book = { merchantId: 'm-books', sku: 'novel', categoryId: 'books', name: { en: 'Novel', 'zh-CN': '小说' }, unitPrice: 4_590, currency: 'CNY' };
const cup = { ...tea, sku: 'cup', name: { en: 'Cup', 'zh-CN': '茶杯' }, unitPrice: 3_333 };

describe('cart across merchants', () => {
  it('merges repeated items and groups lines by merchant with exact subtotals', () => {
    let cart = addToCart([], tea);
    cart = addToCart(cart, book, 2);
    cart = addToCart(cart, tea);
    cart = addToCart(cart, cup, 3);
    const groups = groupByMerchant(cart);
    expect(groups.map((g) => [g.merchantId, g.subtotal, g.count])).toEqual([
      ['m-tea', 2 * 12_800 + 3 * 3_333, 5],
      ['m-books', 9_180, 2],
    ]);
    expect(cartTotal(cart)).toBe(25_600 + 9_999 + 9_180);
    expect(itemCount(cart)).toBe(7);
  });

  it('changes and removes lines, keeping quantities whole and bounded', () => {
    let cart = addToCart(addToCart([], tea), book);
    cart = setQuantity(cart, tea, 1000);
    expect(cart[0]?.quantity).toBe(MAX_QUANTITY);
    cart = setQuantity(cart, tea, 0);
    expect(cart.map((l) => l.sku)).toEqual(['novel']);
    expect(removeLine(cart, book)).toEqual([]);
    expect(setQuantity(addToCart([], tea), tea, 2.5)[0]?.quantity).toBe(1);
  });

  it('reads back only well-formed stored lines', () => {
    const good = { ...tea, quantity: 2 };
    expect(parseStoredCart(JSON.stringify([good, { ...good, unitPrice: 1.5 }, { ...good, quantity: -1 }, 'x']))).toEqual([good]);
    expect(parseStoredCart('{oops')).toEqual([]);
    expect(parseStoredCart(null)).toEqual([]);
  });
});
