/**
 * The query as it is being understood: every recognised phrase is cut out and replaced by a
 * boundary marker, so what is left at the end is the title the user typed (with its own casing
 * and punctuation), and words on both sides of a removed phrase never join into one title.
 */

/** Where a recognised phrase was removed. */
export const BOUNDARY = '\ue100';
/** Where a phrase naming a kind of anime ("series", "movies") was removed: a mood word before it is a descriptor. */
export const NOUN_BOUNDARY = '\ue101';

const MARKERS = /[\ue100\ue101]/u;
/** Quoted spans are parked in private-use characters so no extractor reads inside them. */
const QUOTE_BASE = 0xe000;
const QUOTE_CHAR = /[\ue000-\ue0ff]/gu;

/** Letters or digits, any script: what a word is made of (`\b` only knows ASCII). */
export const WORD_CHAR = '[\\p{L}\\p{N}]';
/** Start of a word. */
export const L = `(?<!${WORD_CHAR})`;
/** End of a word. */
export const R = `(?!${WORD_CHAR})`;

const compiled = new Map<string, RegExp>();

/** A pattern compiled once per source and flags (extractors run on every query). */
export function regex(source: string, flags = 'giu'): RegExp {
  const key = `${flags}/${source}`;
  let found = compiled.get(key);
  if (!found) {
    found = new RegExp(source, flags);
    compiled.set(key, found);
  }
  return found;
}

/** A case-insensitive, Unicode-aware, global pattern whose alternatives must be whole words (compiled once). */
export function words(source: string): RegExp {
  return regex(`${L}(?:${source})${R}`);
}

/** Escapes a literal for use inside a pattern, letting spaces and hyphens vary ("slice-of-life", "sci fi"). */
export function phrasePattern(phrase: string): string {
  return phrase
    .split(/([\s-]+)/u)
    .map((part) => (/^[\s-]+$/u.test(part) ? (part.includes('-') ? '[\\s-]?' : '[\\s-]+') : part.replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&')))
    .join('');
}

/** Alternation of phrases, longest first so "dark fantasy" wins over "dark". */
export function alternation(phrases: Iterable<string>): string {
  return [...new Set(phrases)]
    .sort((a, b) => b.length - a.length)
    .map(phrasePattern)
    .join('|');
}

/** The working text of one query: extractors consume phrases from it; the rest is the title. */
export class QueryText {
  private value: string;
  private readonly quotes: string[] = [];

  constructor(query: string) {
    // Quoted titles are taken literally: `anime like "Summer Time Rendering"` must not yield a season.
    this.value = query.replace(/"([^"]{1,200})"/gu, (_all, inner: string) => {
      if (this.quotes.length >= 0xff) return inner;
      this.quotes.push(inner.trim());
      return String.fromCharCode(QUOTE_BASE + this.quotes.length - 1);
    });
  }

  /** The current working text (removed phrases show as markers). */
  get text(): string {
    return this.value;
  }

  /**
   * Removes every match of `pattern` that `handle` accepts (returns true), leaving `marker`.
   * A handler that declines leaves the words for later steps.
   */
  consume(pattern: RegExp, handle: (match: RegExpExecArray) => boolean, marker: string = BOUNDARY): boolean {
    // Global patterns are reused (they are compiled once per module); lastIndex is ours to reset.
    const regex = pattern.global ? pattern : new RegExp(pattern.source, `${pattern.flags}g`);
    regex.lastIndex = 0;
    let out = '';
    let last = 0;
    let any = false;
    let match: RegExpExecArray | null;
    while ((match = regex.exec(this.value)) !== null) {
      if (match[0].length === 0) {
        regex.lastIndex++;
        continue;
      }
      if (!handle(match)) continue;
      out += `${this.value.slice(last, match.index)} ${marker} `;
      last = match.index + match[0].length;
      any = true;
    }
    if (any) this.value = out + this.value.slice(last);
    return any;
  }

  /** True when the pattern matches somewhere in the working text. */
  has(pattern: RegExp): boolean {
    pattern.lastIndex = 0;
    const found = pattern.test(this.value);
    pattern.lastIndex = 0;
    return found;
  }

  /** True when one of the words occurs (a cheap check before running a costly pattern). */
  mentions(wordSet: ReadonlySet<string>): boolean {
    return tokens(this.value.toLowerCase()).some((t) => wordSet.has(t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')) || wordSet.has(t));
  }

  /** The pieces of text between removed phrases. */
  segments(): string[] {
    return this.value.split(MARKERS);
  }

  /** Puts quoted spans back (for text that leaves the planner). */
  restore(text: string): string {
    return text.replace(QUOTE_CHAR, (c) => this.quotes[c.charCodeAt(0) - QUOTE_BASE] ?? '');
  }
}

/** True for a parked quoted span (always a title, never filler). */
export function isQuote(token: string): boolean {
  return /^[\ue000-\ue0ff]$/u.test(token);
}

/** A token without its edge punctuation, lower case, for comparing against word lists. */
export function bare(token: string): string {
  return token.replace(/^[^\p{L}\p{N}\ue000-\ue0ff#+]+|[^\p{L}\p{N}\ue000-\ue0ff+]+$/gu, '').toLowerCase();
}

/** The words of a piece of text (split on spaces, edge punctuation kept). */
export function tokens(text: string): string[] {
  return text.split(/\s+/u).filter((t) => t.length > 0);
}
