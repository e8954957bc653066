import { describe, expect, it } from 'vitest';
import { consoleDictionaries } from '../../console/messages.js';
import { shopDictionaries } from '../../shop/messages.js';
import { interpolate, pickLanguage } from './language.js';
import { sharedMessages } from './shared-messages.js';

describe('languages', () => {
  it('keeps a stored choice, else follows a Chinese browser, else English', () => {
    expect(pickLanguage('en', ['zh-CN'])).toBe('en');
    expect(pickLanguage('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(pickLanguage(null, ['zh-TW', 'en'])).toBe('zh-CN');
    expect(pickLanguage(null, ['zh'])).toBe('zh-CN');
    expect(pickLanguage('fr', ['en-GB'])).toBe('en');
    expect(pickLanguage(null, [])).toBe('en');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(interpolate('Account {id}', { id: 'a1' })).toBe('Account a1');
    expect(interpolate('{n} of {total}', { n: 2 })).toBe('2 of {total}');
    expect(interpolate('no vars')).toBe('no vars');
  });

  it.each([
    ['shared', sharedMessages],
    ['console', consoleDictionaries],
    ['storefront', shopDictionaries],
  ])('%s: both languages have the same keys, the same placeholders, and no empty text', (_name, dictionaries) => {
    const en = dictionaries.en as Record<string, string>;
    const zh = dictionaries['zh-CN'] as Record<string, string>;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(en)) {
      expect(en[key]?.trim(), key).not.toBe('');
      expect(zh[key]?.trim(), key).not.toBe('');
      expect(placeholders(zh[key] ?? ''), key).toEqual(placeholders(en[key] ?? ''));
    }
  });
});
