/**
 * Reading PDF objects from bytes (pdf-metadata.ts): enough of ISO 32000 section 7.3 to read the
 * dictionaries that hold a document's details. Nothing is written back.
 *
 *   null true false | 123 -4.5 | /Name#20with#20escapes | (literal \(string\) \n \053)
 *   | <48656C6C6F> | [ array ] | << /Key value >> | 12 0 R (a reference) | % comment
 */

export class PdfName {
  constructor(readonly name: string) {}
}

export class PdfString {
  constructor(readonly bytes: Uint8Array) {}

  /** A text string: UTF-16BE or UTF-8 with a byte-order mark, else PDFDocEncoding (close to Latin-1). */
  text(): string {
    const b = this.bytes;
    if (b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b.subarray(2));
    if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return new TextDecoder().decode(b.subarray(3));
    let s = '';
    for (const byte of b) s += String.fromCharCode(byte);
    return s;
  }
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}

  get key(): string {
    return `${this.num} ${this.gen}`;
  }
}

export type PdfDict = Map<string, PdfValue>;
export type PdfValue = null | boolean | number | PdfName | PdfString | PdfRef | PdfValue[] | PdfDict;

export class PdfSyntaxError extends Error {
  override readonly name = 'PdfSyntaxError';
}

/** Nesting that real files never reach; deeper is a crafted file meant to exhaust the stack. */
const MAX_DEPTH = 64;
/** Strings are read for people to see: longer ones are cut. */
const MAX_STRING_BYTES = 64 * 1024;

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

/** The escapes \n \r \t \b \f of literal strings. */
const SIMPLE_ESCAPES: ReadonlyMap<number, number> = new Map([
  [0x6e, 10],
  [0x72, 13],
  [0x74, 9],
  [0x62, 8],
  [0x66, 12],
]);

const isRegular = (b: number | undefined): b is number =>
  b !== undefined && !WHITESPACE.has(b) && !DELIMITERS.has(b);

export class PdfReader {
  pos: number;

  constructor(
    readonly bytes: Uint8Array,
    pos = 0,
  ) {
    this.pos = pos;
  }

  skipSpace(): void {
    const b = this.bytes;
    while (this.pos < b.length) {
      const c = b[this.pos];
      if (c !== undefined && WHITESPACE.has(c)) {
        this.pos++;
      } else if (c === 0x25) {
        while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
      } else {
        return;
      }
    }
  }

  /** A run of regular characters (a number or a keyword), without moving past it if `peek`. */
  word(peek = false): string {
    const start = this.pos;
    let end = start;
    while (end < this.bytes.length && isRegular(this.bytes[end])) end++;
    let s = '';
    for (let i = start; i < end; i++) s += String.fromCharCode(this.bytes[i] ?? 0);
    if (!peek) this.pos = end;
    return s;
  }

  value(depth = 0): PdfValue {
    if (depth > MAX_DEPTH) throw new PdfSyntaxError('nested too deep');
    this.skipSpace();
    const b = this.bytes;
    const c = b[this.pos];
    if (c === undefined) throw new PdfSyntaxError('unexpected end');
    if (c === 0x2f) return this.#name();
    if (c === 0x28) return this.#literalString();
    if (c === 0x3c) return b[this.pos + 1] === 0x3c ? this.dict(depth) : this.#hexString();
    if (c === 0x5b) {
      this.pos++;
      const items: PdfValue[] = [];
      for (;;) {
        this.skipSpace();
        if (b[this.pos] === 0x5d) {
          this.pos++;
          return items;
        }
        items.push(this.value(depth + 1));
      }
    }
    const word = this.word();
    if (word === '') throw new PdfSyntaxError(`unexpected byte ${c} at ${this.pos}`);
    if (word === 'null') return null;
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) throw new PdfSyntaxError(`unexpected ${word}`);
    const number = Number(word);
    // "12 0 R": a reference, if two more words follow that make one.
    if (/^\d+$/.test(word)) {
      const save = this.pos;
      this.skipSpace();
      const gen = this.word();
      this.skipSpace();
      if (/^\d+$/.test(gen) && this.word() === 'R') return new PdfRef(number, Number(gen));
      this.pos = save;
    }
    return number;
  }

  dict(depth = 0): PdfDict {
    this.pos += 2; // <<
    const dict: PdfDict = new Map();
    for (;;) {
      this.skipSpace();
      const c = this.bytes[this.pos];
      if (c === undefined) throw new PdfSyntaxError('unterminated dictionary');
      if (c === 0x3e && this.bytes[this.pos + 1] === 0x3e) {
        this.pos += 2;
        return dict;
      }
      const key = this.value(depth + 1);
      if (!(key instanceof PdfName)) throw new PdfSyntaxError('a dictionary key is not a name');
      dict.set(key.name, this.value(depth + 1));
    }
  }

  #name(): PdfName {
    this.pos++;
    const raw = this.word();
    return new PdfName(
      raw.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    );
  }

  #literalString(): PdfString {
    const b = this.bytes;
    const out: number[] = [];
    let nesting = 1;
    this.pos++;
    while (this.pos < b.length) {
      let c = b[this.pos++] ?? 0;
      if (c === 0x5c) {
        const e = b[this.pos++];
        if (e === undefined) break;
        const simple = SIMPLE_ESCAPES.get(e);
        if (simple !== undefined) c = simple;
        else if (e >= 0x30 && e <= 0x37) {
          let octal = e - 0x30;
          for (let k = 0; k < 2 && (b[this.pos] ?? 0) >= 0x30 && (b[this.pos] ?? 0) <= 0x37; k++) {
            octal = octal * 8 + ((b[this.pos++] ?? 0) - 0x30);
          }
          c = octal & 0xff;
        } else if (e === 0x0d || e === 0x0a) {
          if (e === 0x0d && b[this.pos] === 0x0a) this.pos++;
          continue; // a line continued
        } else {
          c = e; // \( \) \\ and any other character stand for themselves
        }
      } else if (c === 0x28) {
        nesting++;
      } else if (c === 0x29) {
        if (--nesting === 0) return new PdfString(Uint8Array.from(out));
      }
      if (out.length < MAX_STRING_BYTES) out.push(c);
    }
    throw new PdfSyntaxError('unterminated string');
  }

  #hexString(): PdfString {
    const b = this.bytes;
    this.pos++;
    let digits = '';
    while (this.pos < b.length && b[this.pos] !== 0x3e) {
      const c = String.fromCharCode(b[this.pos++] ?? 0);
      if (/[0-9a-fA-F]/.test(c)) {
        if (digits.length < MAX_STRING_BYTES * 2) digits += c;
      } else if (!/\s/.test(c)) {
        throw new PdfSyntaxError('not a hexadecimal string');
      }
    }
    if (b[this.pos] !== 0x3e) throw new PdfSyntaxError('unterminated hexadecimal string');
    this.pos++;
    if (digits.length % 2) digits += '0';
    const out = new Uint8Array(digits.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(digits.slice(i * 2, i * 2 + 2), 16);
    return new PdfString(out);
  }
}

/** A dictionary's value as a name, a string's text, or undefined. */
export function nameOf(value: PdfValue | undefined): string | undefined {
  return value instanceof PdfName ? value.name : undefined;
}

export function textOf(value: PdfValue | undefined): string | undefined {
  return value instanceof PdfString ? value.text() : undefined;
}
