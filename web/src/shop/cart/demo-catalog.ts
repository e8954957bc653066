import type { CartLine } from './cart.js';

/**
 * Goods on the demo shelves. Products belong to the platform, not to Scrip (Scrip sees only the
 * lines a checkout sends), so the demo storefront carries a small shelf of its own for the
 * merchants and categories `npm start` seeds (src/demo/seed.ts).
 */

export type ShelfItem = Omit<CartLine, 'quantity'>;

export const DEMO_MERCHANT_NAMES: Record<string, { en: string; 'zh-CN': string }> = {
  'm-tea': { en: 'West Lake Tea House', 'zh-CN': '西湖茶舍' },
  'm-books': { en: 'Sanlian Books', 'zh-CN': '三联书店' },
  'm-tech': { en: 'Geek Digital', 'zh-CN': '极客数码' },
};

export const DEMO_SHELF: readonly ShelfItem[] = [
  { merchantId: 'm-tea', sku: 'tea-longjing-250', categoryId: 'tea', name: { en: 'Longjing green tea, 250 g', 'zh-CN': '明前龙井 250 克' }, unitPrice: 26_800, currency: 'CNY' },
  { merchantId: 'm-tea', sku: 'tea-cup-set', categoryId: 'tea', name: { en: 'Celadon cup set', 'zh-CN': '青瓷茶杯套装' }, unitPrice: 8_850, currency: 'CNY' },
  { merchantId: 'm-books', sku: 'book-three-body', categoryId: 'books', name: { en: 'The Three-Body Problem', 'zh-CN': '三体' }, unitPrice: 6_800, currency: 'CNY' },
  { merchantId: 'm-books', sku: 'book-notebook', categoryId: 'books', name: { en: 'Linen notebook', 'zh-CN': '亚麻笔记本' }, unitPrice: 3_990, currency: 'CNY' },
  { merchantId: 'm-tech', sku: 'tech-earbuds', categoryId: 'digital', name: { en: 'Wireless earbuds', 'zh-CN': '无线耳机' }, unitPrice: 39_900, currency: 'CNY' },
  { merchantId: 'm-tech', sku: 'tech-cable', categoryId: 'digital', name: { en: 'USB-C cable, 2 m', 'zh-CN': 'USB-C 数据线 2 米' }, unitPrice: 4_900, currency: 'CNY' },
];
