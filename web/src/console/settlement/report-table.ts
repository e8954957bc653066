/** Reads the API's report CSV (header row, RFC 4180 quoting) into rows of cells, for showing it as a table. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

const MONEY_COLUMN = /(amount|balance|opening|closing|issued|redeemed|refunded|breakage|available|frozen|spent|funded|owed|debits|credits|transit|discount|total|liability|sales|payable|returned|given)/i;

/** A column of report amounts: its name says money and every value is a whole number of fen. */
export function isMoneyColumn(name: string, values: readonly string[]): boolean {
  return MONEY_COLUMN.test(name) && !/(count|_id$|^id$|date|cards$|coupons$)/i.test(name) && values.every((v) => v === '' || /^-?\d+$/.test(v));
}
