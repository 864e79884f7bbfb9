/**
 * Text folding for title search, the way fans type: case, width, diacritics (Latin, Greek,
 * Cyrillic only — kana voicing marks carry meaning), punctuation and symbols all fold away, so
 * "steins gate" finds "Steins;Gate" and "kaguya-sama love is war" finds "Kaguya-sama: Love Is War".
 */
const LATINISH_MARKS = /([\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])\p{M}+/gu;
const SEPARATORS = /[^\p{L}\p{N}]+/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー]+/gu;

/** Lower-case, NFKC, diacritics and punctuation folded to single spaces. */
export function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[×✕]/g, ' x ') // "HUNTER×HUNTER"
    .replace(/['’`´]/g, '') // "Don't" → "dont", not "don t"
    .normalize('NFD')
    .replace(LATINISH_MARKS, '$1')
    .normalize('NFC')
    .toLowerCase()
    .replace(SEPARATORS, ' ')
    .trim();
}

/** Folded text without spaces: "Steins;Gate" and "SteinsGate" meet here. */
export function compactText(folded: string): string {
  return folded.replace(/ /g, '');
}

export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

/**
 * Index/query tokens of folded text: words for alphabetic scripts; for CJK runs (no spaces
 * between words) character bigrams, plus the single character when a run is one character long.
 */
export function tokenize(folded: string): string[] {
  const tokens: string[] = [];
  for (const word of folded.split(' ')) {
    if (!word) continue;
    if (!hasCjk(word)) {
      tokens.push(word);
      continue;
    }
    // Mixed words ("ドラゴンボールz"): the CJK runs as bigrams, the rest as words.
    let last = 0;
    for (const match of word.matchAll(CJK_RUN)) {
      const start = match.index ?? 0;
      if (start > last) tokens.push(word.slice(last, start));
      const run = [...match[0]];
      if (run.length === 1) tokens.push(run[0] as string);
      for (let i = 0; i + 1 < run.length; i++) tokens.push(`${run[i]}${run[i + 1]}`);
      last = start + match[0].length;
    }
    if (last < word.length) tokens.push(word.slice(last));
  }
  return tokens;
}
