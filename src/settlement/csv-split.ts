/**
 * An RFC 4180 CSV splitter fed with text as it arrives: quoted fields may hold the delimiter,
 * doubled quotes and line breaks; records end at LF or CRLF. Written for throughput (millions of
 * rows) and bounded memory: a record longer than maxRecordChars is refused.
 */
export class CsvSplitter {
  private field = '';
  private record: string[] = [];
  private inQuotes = false;
  /** A quote inside a quoted field: either the closing quote or the first of a doubled one. */
  private quoteSeen = false;
  private recordChars = 0;
  /** Where the current field's closing quote was (-1: not quoted); a CR inside quotes is data. */
  private closedAt = -1;

  constructor(
    private readonly delimiter: string,
    private readonly maxRecordChars = 64 * 1024,
  ) {}

  /** The records completed by this text. */
  feed(text: string): string[][] {
    const out: string[][] = [];
    const delimiter = this.delimiter;
    let start = 0;
    let recordStart = -1;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (this.inQuotes) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (c === '"') {
            this.field += '"';
            start = i + 1;
            continue;
          }
          this.inQuotes = false;
          this.closedAt = this.field.length;
        } else {
          if (c === '"') {
            this.field += text.slice(start, i);
            this.quoteSeen = true;
            start = i + 1;
          }
          continue;
        }
      }
      if (c === delimiter) {
        this.endField(text, start, i);
        start = i + 1;
      } else if (c === '\n') {
        this.endLastField(text, start, i);
        if (!(this.record.length === 1 && this.record[0] === '')) out.push(this.record);
        this.record = [];
        start = i + 1;
        recordStart = i + 1;
      } else if (c === '"' && i === start && this.field === '') {
        this.inQuotes = true;
        start = i + 1;
      }
    }
    this.field += text.slice(start);
    this.recordChars = recordStart < 0 ? this.recordChars + text.length : text.length - recordStart;
    if (this.recordChars > this.maxRecordChars) throw new RangeError(`a record is longer than ${this.maxRecordChars} characters`);
    return out;
  }

  /** The last record when the text does not end with a line break. */
  end(): string[][] {
    if (this.inQuotes && !this.quoteSeen) throw new RangeError('a quoted field is not closed');
    if (this.inQuotes) this.closedAt = this.field.length;
    this.inQuotes = false;
    this.quoteSeen = false;
    if (this.field === '' && this.record.length === 0) return [];
    this.endLastField('', 0, 0);
    const last = this.record;
    this.record = [];
    return last.length === 1 && last[0] === '' ? [] : [last];
  }

  private endField(text: string, start: number, end: number): void {
    this.record.push(this.field + text.slice(start, end));
    this.field = '';
    this.closedAt = -1;
  }

  /** The record's last field, without the CR of a CRLF line end. */
  private endLastField(text: string, start: number, end: number): void {
    let value = this.field + text.slice(start, end);
    if (value.endsWith('\r') && value.length - 1 >= this.closedAt) value = value.slice(0, -1);
    this.record.push(value);
    this.field = '';
    this.closedAt = -1;
  }
}
