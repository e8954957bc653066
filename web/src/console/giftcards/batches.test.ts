import { describe, expect, it } from 'vitest';
import { batchPhase, checkBatchDraft, exportFileName, filterFor, MAX_BATCH_CARDS, OTHER_FACE, progressPercent } from './batches.js';
import type { Product } from './giftcards-api.js';

const product: Product = {
  id: 'p-phys',
  name: { 'zh-CN': '实体卡', en: 'Physical card' },
  category: 'general',
  form: 'physical',
  currency: 'CNY',
  denominations: [
    { face: 10_000, price: 9_500 },
    { face: 50_000, price: 50_000 },
  ],
  custom_range: { min: 1_000, max: 100_000, price_bp: 10_000 },
  validity: { kind: 'none' },
  reloadable: false,
  named: false,
  acceptance: { kind: 'all' },
  status: 'active',
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};
const rules = { amount: 'amount', range: (min: number, max: number) => `${min}-${max}`, quantity: '1-1000000' };
const draft = { product_id: 'p-phys', face: '10000', other_face: '', quantity: '500' };

describe('batch phases and filters', () => {
  it.each([
    [{ state: 'pending_approval', approval_state: 'pending_first_review', exported_at: null }, 'first_review'],
    [{ state: 'pending_approval', approval_state: 'pending_final_review', exported_at: null }, 'final_review'],
    [{ state: 'generating', approval_state: 'approved', exported_at: null }, 'generating'],
    [{ state: 'ready', approval_state: 'approved', exported_at: null }, 'ready'],
    [{ state: 'ready', approval_state: 'approved', exported_at: '2026-03-01T00:00:00Z' }, 'exported'],
    [{ state: 'rejected', approval_state: 'rejected', exported_at: null }, 'rejected'],
  ] as const)('%o is %s', (batch, phase) => {
    expect(batchPhase(batch)).toBe(phase);
  });

  it('counts progress in whole percent, never above 100', () => {
    expect(progressPercent({ generated: 0, quantity: 3 })).toBe(0);
    expect(progressPercent({ generated: 2, quantity: 3 })).toBe(66);
    expect(progressPercent({ generated: 3, quantity: 3 })).toBe(100);
    expect(progressPercent({ generated: 5, quantity: 3 })).toBe(100);
  });

  it('maps the list choice to the API filters', () => {
    expect(filterFor('', '')).toEqual({});
    expect(filterFor('ready', 'p')).toEqual({ product_id: 'p', state: 'ready', exported: false });
    expect(filterFor('exported', '')).toEqual({ exported: true });
    expect(filterFor('awaiting', '')).toEqual({ state: 'pending_approval' });
  });

  it('names the export file safely', () => {
    expect(exportFileName({ id: '0193-a', product_id: 'p/1' })).toBe('batch-p_1-0193-a.csv');
  });
});

describe('the batch request form, checked as the API checks it', () => {
  it('accepts a denomination and a quantity', () => {
    expect(checkBatchDraft(draft, [product], rules)).toEqual({ complaints: {}, input: { product_id: 'p-phys', face: 10_000, quantity: 500 } });
  });

  it('accepts an amount inside the custom range', () => {
    expect(checkBatchDraft({ ...draft, face: OTHER_FACE, other_face: '12.50' }, [product], rules).input).toEqual({ product_id: 'p-phys', face: 1_250, quantity: 500 });
  });

  it.each([
    ['no product', { product_id: '' }, 'product_id', 'form.required'],
    ['a face not offered', { face: '20000' }, 'face', 'form.required'],
    ['an amount below the range', { face: OTHER_FACE, other_face: '5' }, 'other_face', 'form.pattern'],
    ['an amount with too many decimals', { face: OTHER_FACE, other_face: '12.555' }, 'other_face', 'form.pattern'],
    ['no amount', { face: OTHER_FACE, other_face: '' }, 'other_face', 'form.required'],
    ['no quantity', { quantity: ' ' }, 'quantity', 'form.required'],
    ['zero cards', { quantity: '0' }, 'quantity', 'form.pattern'],
    ['more than the maximum', { quantity: String(MAX_BATCH_CARDS + 1) }, 'quantity', 'form.pattern'],
    ['a fraction', { quantity: '1.5' }, 'quantity', 'form.pattern'],
  ])('refuses %s', (_name, change, field, key) => {
    const checked = checkBatchDraft({ ...draft, ...change }, [product], rules);
    expect(checked.input).toBeNull();
    expect(checked.complaints[field as keyof typeof checked.complaints]?.key).toBe(key);
  });

  it('refuses a custom amount for a product without a custom range', () => {
    const fixed = { ...product, custom_range: null };
    expect(checkBatchDraft({ ...draft, face: OTHER_FACE, other_face: '12' }, [fixed], rules).complaints.other_face?.key).toBe('form.pattern');
  });
});
