/**
 * Renders a Latin (romaji or English) title in the scripts real synonyms use: kana, Hangul,
 * Cyrillic, Greek, Hebrew, Thai and Arabic. Text is first split into Japanese-style morae
 * (consonant + vowel pairs), the unit every one of these transliterations works on, so a generated
 * "Kimi no Hoshi" becomes キミノホシ / 키미 노 호시 / Кими но Хоси the way fans write real ones.
 */

type Vowel = 'a' | 'i' | 'u' | 'e' | 'o';

/** One mora: onset consonant(s) + vowel; `n` = syllable-final ん, `q` = doubled consonant (っ). */
export interface Mora {
  readonly onset: string;
  readonly vowel: Vowel | 'n' | 'q';
  /** Followed by a lengthened vowel (romaji "ou", "uu", "aa", …). */
  readonly long: boolean;
}

const VOWELS = new Set(['a', 'i', 'u', 'e', 'o']);
/** Onsets, longest first, so "sh" wins over "s". Foreign letters map to the nearest Japanese onset. */
const ONSETS = [
  'sh', 'ch', 'ts', 'ky', 'gy', 'ny', 'hy', 'my', 'ry', 'by', 'py', 'j', 'k', 'g', 's', 'z', 't', 'd', 'n', 'h', 'f',
  'b', 'p', 'm', 'y', 'r', 'w',
];
const FOREIGN_ONSETS: Readonly<Record<string, string>> = { l: 'r', v: 'b', c: 'k', q: 'k', x: 's' };

/** Splits lower-case Latin letters into morae (other characters are skipped). */
export function toMorae(latin: string): Mora[] {
  const text = latin.toLowerCase();
  const morae: Mora[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (VOWELS.has(ch)) {
      i = pushVowel(morae, '', ch as Vowel, text, i + 1);
      continue;
    }
    if (ch < 'a' || ch > 'z') {
      i++;
      continue;
    }
    // Doubled consonant (kk, tt, pp, ss, tch): a small tsu before the next mora.
    if ((ch !== 'n' && text.charAt(i + 1) === ch) || (ch === 't' && text.startsWith('ch', i + 1))) {
      morae.push({ onset: '', vowel: 'q', long: false });
      i++;
      continue;
    }
    let onset = ONSETS.find((o) => text.startsWith(o, i));
    const consumed = onset ? onset.length : 1;
    if (!onset) onset = FOREIGN_ONSETS[ch] ?? (ch === 'y' ? 'y' : 'k');
    const next = text.charAt(i + consumed);
    if (VOWELS.has(next)) {
      i = pushVowel(morae, onset, next as Vowel, text, i + consumed + 1);
    } else if (onset === 'n') {
      morae.push({ onset: '', vowel: 'n', long: false });
      i += consumed;
    } else {
      // A cluster or final consonant of an English word: Japanese inserts u (o after t/d).
      morae.push({ onset, vowel: onset === 't' || onset === 'd' ? 'o' : 'u', long: false });
      i += consumed;
    }
  }
  return morae;
}

function pushVowel(morae: Mora[], onset: string, vowel: Vowel, text: string, next: number): number {
  const following = text.charAt(next);
  const long = following === vowel || (vowel === 'o' && following === 'u');
  morae.push({ onset, vowel, long });
  return long ? next + 1 : next;
}

// ---------------------------------------------------------------------------------------------
// Kana

const KANA_ROWS: Readonly<Record<string, string>> = {
  '': 'あいうえお', k: 'かきくけこ', g: 'がぎぐげご', s: 'さしすせそ', z: 'ざじずぜぞ', t: 'たちつてと',
  d: 'だぢづでど', n: 'なにぬねの', h: 'はひふへほ', b: 'ばびぶべぼ', p: 'ぱぴぷぺぽ', m: 'まみむめも',
  r: 'らりるれろ', y: 'やいゆえよ', w: 'わいうえを', f: 'ふふふふふ',
};
const VOWEL_INDEX: Readonly<Record<Vowel, number>> = { a: 0, i: 1, u: 2, e: 3, o: 4 };
const SMALL_Y: Readonly<Record<Vowel, string>> = { a: 'ゃ', i: '', u: 'ゅ', e: 'ぇ', o: 'ょ' };
const SMALL_VOWEL: Readonly<Record<Vowel, string>> = { a: 'ぁ', i: 'ぃ', u: '', e: 'ぇ', o: 'ぉ' };
/** Palatal onsets written as the i-column kana plus a small ya/yu/yo. */
const PALATAL_BASE: Readonly<Record<string, string>> = {
  sh: 'し', ch: 'ち', j: 'じ', ky: 'き', gy: 'ぎ', ny: 'に', hy: 'ひ', my: 'み', ry: 'り', by: 'び', py: 'ぴ',
};

function hiraganaOf(m: Mora): string {
  if (m.vowel === 'n') return 'ん';
  if (m.vowel === 'q') return 'っ';
  const palatal = PALATAL_BASE[m.onset];
  if (palatal) return palatal + SMALL_Y[m.vowel];
  if (m.onset === 'ts') return 'つ' + SMALL_VOWEL[m.vowel];
  if (m.onset === 'f') return 'ふ' + SMALL_VOWEL[m.vowel];
  // を is only the particle; elsewhere wi/we/wo are written with a small vowel.
  if (m.onset === 'w' && m.vowel !== 'a') return 'う' + SMALL_VOWEL[m.vowel];
  const row = KANA_ROWS[m.onset] ?? KANA_ROWS[''] ?? '';
  return row.charAt(VOWEL_INDEX[m.vowel]);
}

/** Hiragana for native words (long o/u written う as Japanese spelling does). */
export function toHiragana(morae: readonly Mora[]): string {
  let out = '';
  for (const m of morae) {
    out += hiraganaOf(m);
    if (m.long && m.vowel !== 'n' && m.vowel !== 'q') out += m.vowel === 'o' || m.vowel === 'u' ? 'う' : hiraganaOf({ onset: '', vowel: m.vowel, long: false });
  }
  return out;
}

/** Katakana for loanwords and stylised titles (long vowels as ー). */
export function toKatakana(morae: readonly Mora[]): string {
  let out = '';
  for (const m of morae) {
    out += hiraganaOf(m);
    if (m.long) out += 'ー';
  }
  // Hiragana and katakana blocks are 0x60 apart; ー is outside the range and stays.
  return out.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
}

// ---------------------------------------------------------------------------------------------
// Hangul: composed syllables, 0xAC00 + (initial × 21 + medial) × 28 + final.

const HANGUL_INITIAL: Readonly<Record<string, number>> = {
  '': 11, k: 15, g: 0, s: 9, sh: 9, z: 12, j: 12, t: 16, ch: 14, ts: 14, d: 3, n: 2, h: 18, f: 18, b: 7, p: 17,
  m: 6, y: 11, r: 5, w: 11, ky: 15, gy: 0, ny: 2, hy: 18, my: 6, ry: 5, by: 7, py: 17,
};
const HANGUL_MEDIAL: Readonly<Record<Vowel, number>> = { a: 0, e: 5, i: 20, o: 8, u: 13 };
const HANGUL_MEDIAL_Y: Readonly<Record<Vowel, number>> = { a: 2, e: 7, i: 20, o: 12, u: 17 };
const HANGUL_FINAL_N = 4;
const HANGUL_FINAL_S = 19;

export function toHangul(morae: readonly Mora[]): string {
  const codes: number[] = [];
  for (const m of morae) {
    if (m.vowel === 'n' || m.vowel === 'q') {
      const last = codes.length - 1;
      // ん/っ close the previous syllable (final ㄴ / ㅅ) when it has no final yet.
      if (last >= 0 && (codes[last] - 0xac00) % 28 === 0) codes[last] += m.vowel === 'n' ? HANGUL_FINAL_N : HANGUL_FINAL_S;
      continue;
    }
    let medial = isPalatal(m) ? HANGUL_MEDIAL_Y[m.vowel] : HANGUL_MEDIAL[m.vowel];
    if (m.vowel === 'u' && (m.onset === 's' || m.onset === 'z' || m.onset === 'ts')) medial = 18; // 스, 즈, 츠
    if (m.onset === 'w' && m.vowel === 'a') medial = 9; // 와
    codes.push(0xac00 + ((HANGUL_INITIAL[m.onset] ?? 11) * 21 + medial) * 28);
  }
  return String.fromCharCode(...codes);
}

// ---------------------------------------------------------------------------------------------
// Alphabetic scripts: onset letters + vowel letters, with palatal (ya/yu/yo) variants.

interface AlphabetRules {
  onset: Readonly<Record<string, string>>;
  vowel: Readonly<Record<Vowel, string>>;
  /** Vowel letters after a palatal onset (ky, sh, …) or y. */
  palatalVowel: Readonly<Record<Vowel, string>>;
  /** Vowel at the start of a word. */
  initialVowel?: Readonly<Record<Vowel, string>>;
  n: string;
  q: string;
  finalForms?: Readonly<Record<string, string>>;
  /** Capitalise each word (Cyrillic, Greek). */
  capitalize: boolean;
  /** Thai writes e/o as a vowel sign before the consonant. */
  prefixVowels?: Readonly<Partial<Record<Vowel, string>>>;
}

const CYRILLIC: AlphabetRules = {
  // Polivanov system, the standard Russian transcription of Japanese.
  onset: {
    '': '', k: 'к', g: 'г', s: 'с', sh: 'с', z: 'дз', j: 'дз', t: 'т', ch: 'т', ts: 'ц', d: 'д', n: 'н', h: 'х',
    f: 'ф', b: 'б', p: 'п', m: 'м', y: '', r: 'р', w: 'в', ky: 'к', gy: 'г', ny: 'н', hy: 'х', my: 'м', ry: 'р',
    by: 'б', py: 'п',
  },
  vowel: { a: 'а', i: 'и', u: 'у', e: 'э', o: 'о' },
  palatalVowel: { a: 'я', i: 'и', u: 'ю', e: 'е', o: 'ё' },
  n: 'н',
  q: '',
  capitalize: true,
};

const GREEK: AlphabetRules = {
  onset: {
    '': '', k: 'κ', g: 'γκ', s: 'σ', sh: 'σ', z: 'ζ', j: 'τζ', t: 'τ', ch: 'τσ', ts: 'τσ', d: 'ντ', n: 'ν', h: 'χ',
    f: 'φ', b: 'μπ', p: 'π', m: 'μ', y: 'γ', r: 'ρ', w: 'ου', ky: 'κ', gy: 'γκ', ny: 'ν', hy: 'χ', my: 'μ', ry: 'ρ',
    by: 'μπ', py: 'π',
  },
  vowel: { a: 'α', i: 'ι', u: 'ου', e: 'ε', o: 'ο' },
  palatalVowel: { a: 'ια', i: 'ι', u: 'ιου', e: 'ιε', o: 'ιο' },
  n: 'ν',
  q: '',
  finalForms: { σ: 'ς' },
  capitalize: true,
};

const HEBREW: AlphabetRules = {
  onset: {
    '': '', k: 'ק', g: 'ג', s: 'ס', sh: 'ש', z: 'ז', j: "ג'", t: 'ט', ch: "צ'", ts: 'צ', d: 'ד', n: 'נ', h: 'ה',
    f: 'פ', b: 'ב', p: 'פ', m: 'מ', y: 'י', r: 'ר', w: 'ו', ky: 'קי', gy: 'גי', ny: 'ני', hy: 'הי', my: 'מי',
    ry: 'רי', by: 'בי', py: 'פי',
  },
  // Unpointed Hebrew writes i/u/o with matres lectionis and leaves a/e unwritten.
  vowel: { a: '', i: 'י', u: 'ו', e: '', o: 'ו' },
  palatalVowel: { a: '', i: 'י', u: 'ו', e: '', o: 'ו' },
  initialVowel: { a: 'א', i: 'אי', u: 'או', e: 'א', o: 'או' },
  n: 'נ',
  q: '',
  finalForms: { כ: 'ך', מ: 'ם', נ: 'ן', פ: 'ף', צ: 'ץ' },
  capitalize: false,
};

const ARABIC: AlphabetRules = {
  onset: {
    '': '', k: 'ك', g: 'غ', s: 'س', sh: 'ش', z: 'ز', j: 'ج', t: 'ت', ch: 'تش', ts: 'تس', d: 'د', n: 'ن', h: 'ه',
    f: 'ف', b: 'ب', p: 'ب', m: 'م', y: 'ي', r: 'ر', w: 'و', ky: 'كي', gy: 'غي', ny: 'ني', hy: 'هي', my: 'مي',
    ry: 'ري', by: 'بي', py: 'بي',
  },
  vowel: { a: 'ا', i: 'ي', u: 'و', e: 'ي', o: 'و' },
  palatalVowel: { a: 'ا', i: 'ي', u: 'و', e: 'ي', o: 'و' },
  initialVowel: { a: 'ا', i: 'إي', u: 'أو', e: 'إي', o: 'أو' },
  n: 'ن',
  q: '',
  capitalize: false,
};

const THAI: AlphabetRules = {
  onset: {
    '': 'อ', k: 'ค', g: 'ก', s: 'ซ', sh: 'ช', z: 'ซ', j: 'จ', t: 'ท', ch: 'จ', ts: 'ส', d: 'ด', n: 'น', h: 'ฮ',
    f: 'ฟ', b: 'บ', p: 'พ', m: 'ม', y: 'ย', r: 'ร', w: 'ว', ky: 'ค', gy: 'ก', ny: 'น', hy: 'ฮ', my: 'ม', ry: 'ร',
    by: 'บ', py: 'พ',
  },
  vowel: { a: 'ะ', i: 'ิ', u: 'ุ', e: '', o: '' },
  palatalVowel: { a: 'ะ', i: 'ิ', u: 'ุ', e: '', o: '' },
  prefixVowels: { e: 'เ', o: 'โ' },
  n: 'น',
  q: '',
  capitalize: false,
};

function isPalatal(m: Mora): boolean {
  return m.onset === 'y' || (m.onset.length === 2 && m.onset.endsWith('y')) || ((m.onset === 'sh' || m.onset === 'ch' || m.onset === 'j') && m.vowel !== 'i');
}

function alphabetWord(morae: readonly Mora[], rules: AlphabetRules): string {
  let out = '';
  morae.forEach((m, i) => {
    if (m.vowel === 'n') {
      out += rules.n;
      return;
    }
    if (m.vowel === 'q') {
      out += rules.q;
      return;
    }
    const consonant = rules.onset[m.onset] ?? '';
    let vowel: string;
    if (i === 0 && m.onset === '' && rules.initialVowel) vowel = rules.initialVowel[m.vowel];
    else vowel = isPalatal(m) ? rules.palatalVowel[m.vowel] : rules.vowel[m.vowel];
    // Thai long a/i/u use the long vowel signs.
    if (rules === THAI && m.long) vowel = { a: 'า', i: 'ี', u: 'ู', e: '', o: '' }[m.vowel];
    const prefix = rules.prefixVowels?.[m.vowel] ?? '';
    out += prefix + consonant + vowel;
  });
  if (rules.finalForms && out.length > 0) {
    const last = out.charAt(out.length - 1);
    const final = rules.finalForms[last];
    if (final) out = out.slice(0, -1) + final;
  }
  if (rules.capitalize && out.length > 0) out = out.charAt(0).toUpperCase() + out.slice(1);
  return out;
}

export type TransliteratedScript = 'hangul' | 'cyrillic' | 'greek' | 'hebrew' | 'thai' | 'arabic';

const ALPHABETS: Readonly<Record<Exclude<TransliteratedScript, 'hangul'>, AlphabetRules>> = {
  cyrillic: CYRILLIC,
  greek: GREEK,
  hebrew: HEBREW,
  thai: THAI,
  arabic: ARABIC,
};

/** Transliterates each Latin word of `words` into `script`, keeping word boundaries; digits pass through. */
export function transliterate(words: readonly string[], script: TransliteratedScript): string {
  const out: string[] = [];
  for (const word of words) {
    const digits = word.replace(/[^0-9]/g, '');
    const morae = toMorae(word);
    if (morae.length === 0) {
      if (digits) out.push(digits);
      continue;
    }
    out.push((script === 'hangul' ? toHangul(morae) : alphabetWord(morae, ALPHABETS[script])) + digits);
  }
  return out.join(' ');
}
