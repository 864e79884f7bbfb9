import { jsonProblem, MalformedReleaseError } from './release-errors';
import type { ReleaseItem } from './release-types';

// Char codes the scanner dispatches on.
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

// Where the scanner is in the root structure (plain numbers: cheapest dispatch in the hot loop).
const BEFORE_ROOT = 0;
const ROOT_KEY_OR_END = 1; // just after `{`
const ROOT_KEY = 2; // after `,` in the root object
const AFTER_KEY = 3; // expecting `:`
const ROOT_VALUE = 4; // expecting a root field's value
const AFTER_ROOT_VALUE = 5; // expecting `,` or `}`
const ELEM_OR_END = 6; // just after the `[` of data
const ELEM = 7; // after `,` in data
const AFTER_ELEM = 8; // expecting `,` or `]`
const AFTER_ROOT = 9; // only whitespace may follow

// What a finished capture is: a root key, a root field's value, or a data element.
const TARGET_KEY = 0;
const TARGET_ROOT_VALUE = 1;
const TARGET_ELEM = 2;

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff;
}

/**
 * Streaming scanner for the minified/pretty release JSON (`{ ...meta, "data": [ ... ] }`, or a
 * bare array of entries). It only tracks the structure of the root object and the `data`
 * array — strings, escapes and bracket depth — to find where each value ends, then hands that
 * slice to the native `JSON.parse`. That keeps memory at one entry (plus one chunk) and is about
 * ten times faster than a token-level parser such as stream-json on a 7 MB release.
 *
 * Meta items: emitted when `data` opens if any root field came before it; emitted (again, now
 * complete) when the root closes if fields came after `data` or none came before. The last
 * meta item is therefore always the complete one.
 */
export class JsonReleaseScanner {
  private state = BEFORE_ROOT;
  private consumed = 0; // chars of earlier chunks, for error offsets
  private readonly metaFields: Record<string, unknown> = {};
  private metaKeyCount = 0;
  private metaEmittedKeys = -1; // -1: no meta item yet
  private key = '';
  private rootArray = false;
  private dataSeen = false;
  private inDataArray = false;
  private nextIndex = 0;
  private out: ReleaseItem[] = [];

  // The value being captured (it may span chunks).
  private capturing = false;
  private capPrimitive = false;
  private capTarget = TARGET_ELEM;
  private capDepth = 0;
  private capInString = false;
  private capEscape = false;
  private capParts: string[] = [];

  /** @param label names the source in error messages (a path or URL). */
  constructor(private readonly label: string) {}

  /** Root fields read so far (without `data`). */
  get meta(): Readonly<Record<string, unknown>> {
    return this.metaFields;
  }

  /** True once the `data` array has opened (so every root field before it is known). */
  get dataStarted(): boolean {
    return this.dataSeen;
  }

  /** Items completed by the text written so far; the caller drains them after each write. */
  take(): ReleaseItem[] {
    const items = this.out;
    this.out = [];
    return items;
  }

  /** Feeds the next chunk of text. Throws {@link MalformedReleaseError} on malformed structure. */
  write(text: string): void {
    const n = text.length;
    let i = 0;
    while (i < n) {
      if (this.capturing) {
        const start = i;
        const end = this.scanCapture(text, i);
        if (end < 0) {
          this.capParts.push(start === 0 ? text : text.slice(start));
          break;
        }
        const parts = this.capParts;
        const piece = text.slice(start, end);
        const captured = parts.length === 0 ? piece : parts.join('') + piece;
        this.capParts = [];
        this.capturing = false;
        this.finishCapture(captured, i);
        i = end;
        continue;
      }
      const c = text.charCodeAt(i);
      if (isWhitespace(c)) {
        i++;
        continue;
      }
      switch (this.state) {
        case BEFORE_ROOT:
          if (c === LBRACE) this.state = ROOT_KEY_OR_END;
          else if (c === LBRACKET) {
            // A bare array of entries: no metadata at all, so an empty meta item goes first.
            this.rootArray = true;
            this.dataSeen = true;
            this.inDataArray = true;
            this.emitMeta();
            this.state = ELEM_OR_END;
          } else this.fail(`expected "{" or "[" at the start, found ${describeChar(text, i)}`, i);
          i++;
          break;
        case ROOT_KEY_OR_END:
        case ROOT_KEY:
          if (c === QUOTE) this.beginCapture(TARGET_KEY, false);
          else if (c === RBRACE && this.state === ROOT_KEY_OR_END) {
            this.closeRoot(i);
            i++;
          } else this.fail(`expected a field name, found ${describeChar(text, i)}`, i);
          break;
        case AFTER_KEY:
          if (c !== COLON) this.fail(`expected ":" after ${fieldName(this.key)}, found ${describeChar(text, i)}`, i);
          this.state = ROOT_VALUE;
          i++;
          break;
        case ROOT_VALUE:
          if (this.key === 'data') {
            if (c !== LBRACKET) this.fail(`"data" must be an array, found ${describeChar(text, i)}`, i);
            this.dataSeen = true;
            this.inDataArray = true;
            // Fields before data are complete now: hand them over before the (long) entry list.
            if (this.metaKeyCount > 0) this.emitMeta();
            this.state = ELEM_OR_END;
            i++;
          } else {
            this.beginValue(TARGET_ROOT_VALUE, c, text, i);
          }
          break;
        case AFTER_ROOT_VALUE:
          if (c === COMMA) this.state = ROOT_KEY;
          else if (c === RBRACE) this.closeRoot(i);
          else this.fail(`expected "," or "}" after the value of ${fieldName(this.key)}, found ${describeChar(text, i)}`, i);
          i++;
          break;
        case ELEM_OR_END:
        case ELEM:
          if (c === RBRACKET && this.state === ELEM_OR_END) {
            this.closeData();
            i++;
          } else this.beginValue(TARGET_ELEM, c, text, i);
          break;
        case AFTER_ELEM:
          if (c === COMMA) this.state = ELEM;
          else if (c === RBRACKET) this.closeData();
          else this.fail(`expected "," or "]" after entry ${this.nextIndex - 1}, found ${describeChar(text, i)}`, i);
          i++;
          break;
        default: // AFTER_ROOT
          this.fail(`unexpected ${describeChar(text, i)} after the end of the root value`, i);
      }
    }
    this.consumed += n;
  }

  /** Signals the end of input; throws if the structure is incomplete (a truncated download). */
  end(): void {
    if (this.capturing && this.capPrimitive) {
      const captured = this.capParts.join('');
      this.capParts = [];
      this.capturing = false;
      this.finishCapture(captured, 0);
    }
    if (this.state !== AFTER_ROOT) {
      const where = this.inDataArray ? `inside "data" after ${this.nextIndex} entries` : 'before the root value closed';
      const message =
        this.state === BEFORE_ROOT && !this.capturing
          ? `${this.label}: empty input, expected a release JSON object`
          : `${this.label}: unexpected end of input ${where} (truncated file?)`;
      throw new MalformedReleaseError(message, { source: this.label, offset: this.consumed, entries: this.nextIndex });
    }
  }

  private beginValue(target: number, c: number, text: string, i: number): void {
    if (c === QUOTE || c === LBRACE || c === LBRACKET) this.beginCapture(target, false);
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e) this.beginCapture(target, true);
    else this.fail(`expected a value, found ${describeChar(text, i)}`, i);
  }

  private beginCapture(target: number, primitive: boolean): void {
    this.capturing = true;
    this.capTarget = target;
    this.capPrimitive = primitive;
    this.capDepth = 0;
    this.capInString = false;
    this.capEscape = false;
  }

  /** Advances the capture from `from`; returns the index just past the value, or -1 if the chunk ended first. */
  private scanCapture(text: string, from: number): number {
    const n = text.length;
    if (this.capPrimitive) {
      // Numbers/true/false/null end at the next delimiter, which is not part of them.
      for (let j = from; j < n; j++) {
        const c = text.charCodeAt(j);
        if (c === COMMA || c === RBRACE || c === RBRACKET || isWhitespace(c)) return j;
      }
      return -1;
    }
    let depth = this.capDepth;
    let inString = this.capInString;
    let escape = this.capEscape;
    for (let j = from; j < n; j++) {
      const c = text.charCodeAt(j);
      if (inString) {
        if (escape) escape = false;
        else if (c === BACKSLASH) escape = true;
        else if (c === QUOTE) {
          inString = false;
          if (depth === 0) return j + 1; // a string value (or key) just closed
        }
      } else if (c === QUOTE) inString = true;
      else if (c === LBRACE || c === LBRACKET) depth++;
      else if (c === RBRACE || c === RBRACKET) {
        // Bracket kinds are not matched here; JSON.parse rejects `{]` in the captured slice.
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    this.capDepth = depth;
    this.capInString = inString;
    this.capEscape = escape;
    return -1;
  }

  private finishCapture(captured: string, i: number): void {
    switch (this.capTarget) {
      case TARGET_KEY:
        this.key = this.parseStructural(captured, 'field name', i) as string;
        this.state = AFTER_KEY;
        break;
      case TARGET_ROOT_VALUE: {
        const value = this.parseStructural(captured, `value of ${fieldName(this.key)}`, i);
        if (!Object.hasOwn(this.metaFields, this.key)) this.metaKeyCount++;
        // defineProperty, not assignment: a "__proto__" field must stay a plain field.
        Object.defineProperty(this.metaFields, this.key, { value, enumerable: true, writable: true, configurable: true });
        this.state = AFTER_ROOT_VALUE;
        break;
      }
      default: {
        let raw: unknown;
        try {
          raw = JSON.parse(captured) as unknown;
        } catch (error) {
          // A garbled element is damage to the file, not an invalid entry: the release is refused whole.
          this.fail(`entry ${this.nextIndex} of "data" is not valid JSON (${jsonProblem(error)})`, i);
        }
        this.out.push({ type: 'entry', index: this.nextIndex++, raw });
        this.state = AFTER_ELEM;
      }
    }
  }

  private parseStructural(text: string, what: string, i: number): unknown {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      return this.fail(`invalid ${what} (${jsonProblem(error)})`, i);
    }
  }

  private closeData(): void {
    this.inDataArray = false;
    if (this.rootArray) this.state = AFTER_ROOT;
    else {
      this.key = 'data';
      this.state = AFTER_ROOT_VALUE;
    }
  }

  private closeRoot(i: number): void {
    if (!this.dataSeen) this.fail('the root object has no "data" array (not an anime-offline-database release?)', i);
    // Fields after data (or no fields before it): the meta item comes now, after the entries.
    if (this.metaEmittedKeys < 0 || this.metaKeyCount > this.metaEmittedKeys) this.emitMeta();
    this.state = AFTER_ROOT;
  }

  private emitMeta(): void {
    this.metaEmittedKeys = this.metaKeyCount;
    this.out.push({ type: 'meta', meta: { ...this.metaFields } });
  }

  private fail(message: string, i: number): never {
    const offset = this.consumed + i;
    throw new MalformedReleaseError(`${this.label}: malformed release JSON: ${message} at char ${offset}`, {
      source: this.label,
      offset,
      entries: this.nextIndex,
    });
  }
}

const RELEASE_FIELDS = new Set(['$schema', 'license', 'repository', 'scoreRange', 'lastUpdate', 'data']);

/** A root field's name for messages: the release's own fields by name, any other only as "a field". */
function fieldName(key: string): string {
  return RELEASE_FIELDS.has(key) ? `"${key}"` : 'a field';
}

/** What kind of character is at `i`, without quoting it (a release may be any file, e.g. /etc/passwd). */
function describeChar(text: string, i: number): string {
  const c = text.charCodeAt(i);
  if (Number.isNaN(c)) return 'the end of the text';
  if (c < 0x20 || c === 0x7f) return `a control character (U+${c.toString(16).padStart(4, '0').toUpperCase()})`;
  if (c === 0xfffd) return 'an undecodable byte';
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return 'a letter';
  if (c >= 0x30 && c <= 0x39) return 'a digit';
  if (c > 0x7f) return 'a non-ASCII character';
  return `"${String.fromCharCode(c)}"`; // JSON punctuation: names the grammar, not the content
}
