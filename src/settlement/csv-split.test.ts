import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSplitter } from './csv-split.js';

function split(text: string, chunk = 3, delimiter = ','): string[][] {
  const splitter = new CsvSplitter(delimiter);
  const out: string[][] = [];
  for (let i = 0; i < text.length; i += chunk) out.push(...splitter.feed(text.slice(i, i + chunk)));
  out.push(...splitter.end());
  return out;
}

function render(records: string[][]): string {
  return records.map((r) => r.map((f) => (/[",\n\r]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f)).join(',')).join('\r\n');
}

describe('CsvSplitter', () => {
  it('splits quoted fields with delimiters, doubled quotes and line breaks, across any chunking', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\nlines"\n1,,3\n\nlast,row,here';
    for (const chunk of [1, 2, 3, 5, 100]) {
      expect(split(text, chunk)).toEqual([
        ['a', 'b', 'c'],
        ['x, y', 'say "hi"', 'two\nlines'],
        ['1', '', '3'],
        ['last', 'row', 'here'],
      ]);
    }
  });

  it('reads back whatever a CSV writer wrote', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', '中'), maxLength: 8 });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 9 }), (records, chunk) => {
        expect(split(render(records), chunk)).toEqual(records);
      }),
    );
  });

  it('refuses an unclosed quote and an endless record', () => {
    expect(() => split('a,"b\n')).toThrow(/not closed/);
    const splitter = new CsvSplitter(',', 10);
    expect(() => splitter.feed('0123456789abc')).toThrow(/longer than/);
  });
});
