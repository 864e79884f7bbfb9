/**
 * Generated anime titles and their synonyms. Titles are built from Japanese syllables, a small
 * dictionary of common words, English loanwords and pinyin syllables — never copied from real
 * titles — and follow the real naming patterns: "<base> 2nd Season", "<base>: <subtitle>",
 * "Gekijouban <base>", "<base> Specials", … so one franchise's entries share a base title.
 * Synonyms render the same title in English, Japanese, Chinese, Korean, Russian, Thai, Greek,
 * Hebrew and Arabic, in the proportions of the real file.
 */
import { WeightedTable, type Random } from './random';
import { toHiragana, toKatakana, toMorae, transliterate, type TransliteratedScript } from './transliteration';

export type TitleStyle = 'jp' | 'en' | 'zh';
export type FranchiseType = 'TV' | 'MOVIE' | 'OVA' | 'ONA' | 'SPECIAL' | 'UNKNOWN';

/** One piece of a title with its spelling per script (decided once, so every synonym agrees). */
export interface Token {
  readonly kind: 'word' | 'particle' | 'loan' | 'english' | 'pinyin' | 'literal' | 'label';
  /** Spelling in the romaji/English main title. */
  readonly latin: string;
  /** Japanese spelling (kanji, kana, or Latin kept as is). */
  readonly ja: string;
  /** Chinese spelling. */
  readonly zh: string;
  /** Label spellings for Korean, Russian and English synonyms ("2기", "2 сезон", "Season 2"). */
  readonly ko?: string;
  readonly ru?: string;
  readonly en?: string;
  /** Attached to the previous token without a space (":" and "!"). */
  readonly glue?: boolean;
}

/** A title: its tokens plus the English translation used for English synonyms. */
export interface TitleForm {
  readonly tokens: readonly Token[];
  readonly english: string;
}

/** The shared base of a franchise. */
export interface FranchiseBase extends TitleForm {
  readonly style: TitleStyle;
  /** English meanings of its words, for further English translations. */
  readonly meanings: readonly string[];
  /** Whether English words are written in katakana (else kept in Latin letters) in Japanese synonyms. */
  readonly katakana: boolean;
}

// ---------------------------------------------------------------------------------------------
// Word pieces (a few hundred, none of them a real title)

/** Japanese syllables with rough frequency weights. */
const SYLLABLES = new WeightedTable<string>([
  ['ka', 8], ['ki', 6], ['ku', 5], ['ke', 3], ['ko', 5], ['sa', 5], ['shi', 7], ['su', 4], ['se', 3], ['so', 3],
  ['ta', 6], ['chi', 3], ['tsu', 4], ['te', 3], ['to', 5], ['na', 6], ['ni', 4], ['nu', 1], ['ne', 3], ['no', 3],
  ['ha', 5], ['hi', 5], ['fu', 3], ['he', 1], ['ho', 3], ['ma', 6], ['mi', 5], ['mu', 2], ['me', 3], ['mo', 3],
  ['ya', 4], ['yu', 3], ['yo', 3], ['ra', 4], ['ri', 4], ['ru', 4], ['re', 3], ['ro', 3], ['wa', 3], ['ga', 3],
  ['gi', 2], ['gu', 2], ['ge', 2], ['go', 3], ['za', 1], ['ji', 3], ['zu', 2], ['ze', 1], ['zo', 1], ['da', 3],
  ['de', 2], ['do', 3], ['ba', 2], ['bi', 1], ['bu', 2], ['be', 1], ['bo', 2], ['pa', 1], ['pi', 1], ['pu', 1],
  ['po', 1], ['a', 4], ['i', 4], ['u', 3], ['e', 2], ['o', 3], ['kyo', 1], ['kyu', 1], ['sho', 2], ['shu', 1],
  ['ryu', 1], ['ryo', 1], ['cho', 1], ['ju', 1], ['jo', 1], ['sha', 1],
]);
const MORAE_PER_WORD = new WeightedTable<number>([[2, 35], [3, 40], [4, 20], [5, 5]]);

/** Common Japanese words: romaji, kanji, English meaning. */
const DICTIONARY: readonly (readonly [string, string, string])[] = [
  ['sekai', '世界', 'World'], ['yume', '夢', 'Dream'], ['hoshi', '星', 'Star'], ['sora', '空', 'Sky'],
  ['tenshi', '天使', 'Angel'], ['shoujo', '少女', 'Girl'], ['shounen', '少年', 'Boy'], ['monogatari', '物語', 'Tale'],
  ['densetsu', '伝説', 'Legend'], ['senki', '戦記', 'Chronicle'], ['mahou', '魔法', 'Magic'], ['kishi', '騎士', 'Knight'],
  ['ken', '剣', 'Sword'], ['kami', '神', 'God'], ['oni', '鬼', 'Demon'], ['hana', '花', 'Flower'], ['tsuki', '月', 'Moon'],
  ['kaze', '風', 'Wind'], ['mirai', '未来', 'Future'], ['himitsu', '秘密', 'Secret'], ['gakuen', '学園', 'Academy'],
  ['boku', '僕', 'Me'], ['kimi', '君', 'You'], ['koi', '恋', 'Love'], ['senshi', '戦士', 'Warrior'],
  ['kidou', '機動', 'Mobile'], ['majo', '魔女', 'Witch'], ['ryuu', '竜', 'Dragon'], ['neko', '猫', 'Cat'],
  ['inu', '犬', 'Dog'], ['umi', '海', 'Sea'], ['machi', '町', 'Town'], ['mori', '森', 'Forest'], ['yoru', '夜', 'Night'],
  ['natsu', '夏', 'Summer'], ['fuyu', '冬', 'Winter'], ['haru', '春', 'Spring'], ['hikari', '光', 'Light'],
  ['kage', '影', 'Shadow'], ['tamashii', '魂', 'Soul'], ['kokoro', '心', 'Heart'], ['otome', '乙女', 'Maiden'],
  ['ouji', '王子', 'Prince'], ['hime', '姫', 'Princess'], ['ou', '王', 'King'], ['kuni', '国', 'Country'],
  ['jikan', '時間', 'Time'], ['sensou', '戦争', 'War'], ['kaitou', '怪盗', 'Phantom Thief'], ['tantei', '探偵', 'Detective'],
  ['yuusha', '勇者', 'Hero'], ['maou', '魔王', 'Demon Lord'], ['isekai', '異世界', 'Another World'],
  ['tensei', '転生', 'Reincarnation'], ['kanojo', '彼女', 'Girlfriend'], ['tomodachi', '友達', 'Friend'],
  ['seishun', '青春', 'Youth'], ['kiseki', '奇跡', 'Miracle'], ['unmei', '運命', 'Destiny'], ['tabi', '旅', 'Journey'],
  ['uta', '歌', 'Song'], ['shiro', '城', 'Castle'], ['kiri', '霧', 'Mist'], ['honoo', '炎', 'Flame'],
];

/** English loanwords common in Japanese titles, with their katakana. */
const LOANWORDS: readonly (readonly [string, string])[] = [
  ['Magical', 'マジカル'], ['Girls', 'ガールズ'], ['Star', 'スター'], ['Hunter', 'ハンター'], ['Dream', 'ドリーム'],
  ['Love', 'ラブ'], ['Live', 'ライブ'], ['Story', 'ストーリー'], ['Fighter', 'ファイター'], ['Robot', 'ロボット'],
  ['Princess', 'プリンセス'], ['Monster', 'モンスター'], ['Academy', 'アカデミー'], ['Symphony', 'シンフォニー'],
  ['Angel', 'エンジェル'], ['Heart', 'ハート'], ['Night', 'ナイト'], ['World', 'ワールド'], ['Dragon', 'ドラゴン'],
  ['Quest', 'クエスト'], ['Idol', 'アイドル'], ['Project', 'プロジェクト'], ['Legend', 'レジェンド'], ['Zero', 'ゼロ'],
  ['Blade', 'ブレイド'], ['Force', 'フォース'], ['Sister', 'シスター'], ['Battle', 'バトル'], ['Cross', 'クロス'],
  ['Phantom', 'ファントム'], ['Galaxy', 'ギャラクシー'], ['Kids', 'キッズ'], ['Wonder', 'ワンダー'], ['Lucky', 'ラッキー'],
  ['Happy', 'ハッピー'], ['Master', 'マスター'], ['Fantasy', 'ファンタジー'], ['Ghost', 'ゴースト'], ['Rose', 'ローズ'],
  ['Memories', 'メモリーズ'], ['Days', 'デイズ'], ['Festival', 'フェスティバル'],
];

const NOUNS: readonly string[] = [
  'World', 'Sword', 'Sky', 'Dream', 'Star', 'Moon', 'Kingdom', 'Demon', 'Hero', 'Secret', 'Academy', 'Magic', 'Knight',
  'Princess', 'Summer', 'Winter', 'Spirit', 'Beast', 'Girl', 'Boy', 'Heart', 'Garden', 'Tale', 'Legend', 'City', 'Sea',
  'Forest', 'Night', 'Light', 'Shadow', 'Flower', 'Witch', 'King', 'Queen', 'Dragon', 'Soul', 'Song', 'Wings', 'Fate',
  'Promise', 'Memory', 'Journey', 'Island', 'Tower', 'School', 'Friend', 'Angel', 'Blood', 'Fire', 'Storm', 'Crown',
  'Rain', 'Snow', 'Voice', 'Game', 'Machine', 'Planet', 'Empire', 'Rebellion', 'Detective',
];
const ADJECTIVES: readonly string[] = [
  'Little', 'Silent', 'Last', 'Lost', 'Eternal', 'Crimson', 'Blue', 'Golden', 'Silver', 'Dark', 'Hidden', 'Broken',
  'Wandering', 'Forgotten', 'Brave', 'Final', 'First', 'Endless', 'Strange', 'Wild', 'Gentle', 'Invisible', 'Midnight',
  'Burning', 'Frozen', 'Hollow', 'Sacred', 'Distant', 'New', 'Scarlet',
];
const VERBS: readonly string[] = [
  'Dreams', 'Fights', 'Sings', 'Waits', 'Falls', 'Returns', 'Wanders', 'Remembers', 'Runs', 'Flies',
];

/** Pinyin syllables with a simplified-Chinese character each (for Chinese productions). */
const PINYIN: readonly (readonly [string, string])[] = [
  ['xiao', '小'], ['po', '破'], ['hai', '孩'], ['da', '大'], ['zhuang', '状'], ['yuan', '元'], ['hua', '画'],
  ['jiang', '江'], ['hu', '湖'], ['gui', '轨'], ['ye', '夜'], ['xing', '行'], ['yi', '一'], ['nian', '念'],
  ['yong', '永'], ['heng', '恒'], ['zhi', '之'], ['cheng', '城'], ['liang', '良'], ['chen', '辰'], ['you', '有'],
  ['meng', '梦'], ['tian', '天'], ['guan', '官'], ['ci', '赐'], ['fu', '福'], ['dou', '斗'], ['luo', '罗'],
  ['shen', '神'], ['mo', '魔'], ['xian', '仙'], ['wang', '王'], ['long', '龙'], ['feng', '风'], ['yun', '云'],
  ['shan', '山'], ['jian', '剑'], ['ling', '灵'], ['xue', '雪'], ['hong', '红'], ['bai', '白'], ['hei', '黑'],
  ['jin', '金'], ['shi', '世'], ['jie', '界'], ['zun', '尊'], ['di', '帝'], ['huang', '皇'], ['wu', '武'],
  ['dao', '道'], ['zhan', '战'], ['qi', '奇'], ['xin', '心'], ['qing', '青'], ['lian', '莲'], ['ai', '爱'],
  ['mei', '美'], ['lan', '蓝'], ['xi', '喜'], ['zhu', '主'],
];

/** Kanji for generated Japanese words, and simplified han for their Chinese renderings. */
const KANJI = '天空海星月花風雪光影夢恋愛心魂剣刀神鬼龍竜魔王姫騎士戦記物語伝説学園少女年世界未来時間夜朝春夏秋冬森山川島町国城門道火水雷氷黒白赤青金銀紅蒼桜猫犬鳥狼虎獣声歌音色空想奇跡運命約束秘密探偵怪盗勇者英雄旅冒険帰還終焉始覚醒転生異';
const HAN = '天空海星月花风雪光影梦恋爱心魂剑刀神鬼龙魔王姬骑士战记传说学园少女年世界未来时间夜春夏秋冬森山川岛城门道火水雷冰黑白红青金银樱猫狗鸟狼虎兽声歌音色奇迹命约秘密探侦勇者英雄旅冒险归终始觉醒转生异仙侠斗罗武';

/** Non-English European words with diacritics, for Latin-script translations (Pokémon-style synonyms). */
const FOREIGN_WORDS: readonly string[] = [
  'Légende', 'Étoile', 'Château', 'Cœur', 'Rêve', 'Forêt', 'Épée', 'Fée', 'Corazón', 'Canción', 'Niña', 'Espíritu',
  'Jardín', 'Łowca', 'Księżniczka', 'Świat', 'Miłość', 'Żołnierz', 'Mädchen', 'König', 'Schöne', 'Größte', 'Grüne',
  'Coração', 'Lição', 'Irmã', 'Canção', 'Thế Giới', 'Cô Gái', 'Tình Yêu', 'Người', 'Yıldız', 'Kılıç', 'Çocuk',
  'Şeytan', 'Dívka', 'Srdce', 'Sjælen', 'Drømmen', 'Kärlek',
];
const FOREIGN_LINKS: readonly string[] = ['de', 'la', 'i', 'und', 'e', 'do', 'och', 'a'];

const PARTICLES: Readonly<Record<string, string>> = { no: 'の', wo: 'を', ni: 'に', to: 'と', wa: 'は', ga: 'が', de: 'で', mo: 'も' };
const PARTICLE_TABLE = new WeightedTable<string>([['no', 60], ['to', 10], ['ni', 8], ['wa', 8], ['wo', 6], ['ga', 4], ['de', 2], ['mo', 2]]);

// ---------------------------------------------------------------------------------------------
// Tokens

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function randomChars(rng: Random, pool: string, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += pool.charAt(Math.floor(rng.next() * pool.length));
  return out;
}

/** A generated Japanese word ("Hekketsuroku"), with kanji, kana or both for its Japanese spelling. */
function generatedWord(rng: Random): Token {
  const count = rng.weighted(MORAE_PER_WORD);
  const syllables: string[] = [];
  for (let i = 0; i < count; i++) syllables.push(rng.weighted(SYLLABLES));
  let romaji = '';
  syllables.forEach((syllable, i) => {
    // Sokuon (doubled consonant) now and then, never at a word start.
    if (i > 0 && /^[ktsp]/.test(syllable) && rng.chance(0.05)) romaji += syllable.startsWith('ch') ? 't' : syllable.charAt(0);
    romaji += syllable;
    const vowel = syllable.charAt(syllable.length - 1);
    const next = syllables[i + 1];
    if ((vowel === 'o' || vowel === 'u') && rng.chance(0.12)) romaji += 'u';
    // A moraic n only before a consonant: "n" + vowel/y would read as another syllable.
    else if (next && !/^[aiueoy]/.test(next) && rng.chance(0.1)) romaji += 'n';
  });
  const kanjiCount = Math.min(3, Math.ceil(count / 2));
  const kana = toMorae(romaji);
  const ja = rng.chance(0.4) ? randomChars(rng, KANJI, kanjiCount) : rng.chance(0.7) ? toHiragana(kana) : toKatakana(kana);
  return { kind: 'word', latin: capitalize(romaji), ja, zh: randomChars(rng, HAN, kanjiCount) };
}

interface Meaningful {
  token: Token;
  meaning: string;
}

function japaneseWord(rng: Random): Meaningful {
  if (rng.chance(0.4)) {
    const [romaji, kanji, meaning] = rng.pick(DICTIONARY);
    const kana = toHiragana(toMorae(romaji));
    return { token: { kind: 'word', latin: capitalize(romaji), ja: rng.chance(0.65) ? kanji : kana, zh: kanji }, meaning };
  }
  return { token: generatedWord(rng), meaning: rng.pick(NOUNS) };
}

function loanWord(rng: Random): Meaningful {
  const [word, katakana] = rng.pick(LOANWORDS);
  return { token: { kind: 'loan', latin: word, ja: katakana, zh: randomChars(rng, HAN, 2) }, meaning: word };
}

/** Katakana of loanwords and of the English function words of generated titles. */
const LOAN_KATAKANA = new Map<string, string>([
  ...LOANWORDS.map(([word, katakana]) => [word.toLowerCase(), katakana] as const),
  ['the', 'ザ'], ['of', 'オブ'], ['a', 'ア'], ['and', 'アンド'], ['in', 'イン'], ['who', 'フー'], ['is', 'イズ'], ['my', 'マイ'],
]);

/** English word token; Japanese releases write English titles in katakana or keep the Latin letters. */
function englishWord(rng: Random, word: string, katakana: boolean): Token {
  const ja = katakana ? (LOAN_KATAKANA.get(word.toLowerCase()) ?? toKatakana(toMorae(word))) : word;
  return { kind: 'english', latin: word, ja, zh: randomChars(rng, HAN, 2) };
}

function particle(rng: Random): Token {
  const p = rng.weighted(PARTICLE_TABLE);
  return { kind: 'particle', latin: p, ja: PARTICLES[p] ?? '', zh: p === 'no' ? '之' : '' };
}

function literal(text: string, ja = text, zh = text): Token {
  return { kind: 'literal', latin: text, ja, zh, glue: true };
}

/** English translation from the meanings of a title's words. */
function translate(rng: Random, meanings: readonly string[]): string {
  const first = meanings[0] ?? rng.pick(NOUNS);
  const second = meanings[1] ?? rng.pick(NOUNS);
  switch (rng.int(0, 7)) {
    case 0:
      return `The ${rng.pick(ADJECTIVES)} ${first}`;
    case 1:
      return `${first} of the ${rng.pick(ADJECTIVES)} ${second}`;
    case 2:
      return `The ${first} Who ${rng.pick(VERBS)}`;
    case 3:
      return `My ${first} Is a ${second}`;
    case 4:
      return `${first} and ${second}`;
    case 5:
      return `A ${first} in the ${second}`;
    case 6:
      return `The ${second} of ${first}`;
    default:
      return `${rng.pick(ADJECTIVES)} ${first} ${second}`;
  }
}

const JP_SHAPES = new WeightedTable<string>([
  ['W', 10], ['WW', 20], ['WPW', 20], ['WPWW', 12], ['WWW', 8], ['LL', 8], ['LW', 6], ['WL', 6], ['WPWPW', 5],
  ['AWW', 3], ['WPL', 2],
]);
const STYLE_TABLE = new WeightedTable<TitleStyle>([['jp', 77], ['en', 14], ['zh', 9]]);

function jpTokens(rng: Random, shape: string): { tokens: Token[]; meanings: string[] } {
  const tokens: Token[] = [];
  const meanings: string[] = [];
  for (const slot of shape) {
    if (slot === 'P') {
      tokens.push(particle(rng));
      continue;
    }
    if (slot === 'A') {
      // Stylised acronym prefix ("ISUCA", "NEW DREAM")
      const acronym = randomChars(rng, 'ABCDEFGHIKLMNOPRSTUVXYZ', rng.int(2, 5));
      tokens.push({ kind: 'english', latin: acronym, ja: acronym, zh: acronym });
      continue;
    }
    const piece = slot === 'L' ? loanWord(rng) : japaneseWord(rng);
    tokens.push(piece.token);
    meanings.push(piece.meaning);
  }
  return { tokens, meanings };
}

function zhTokens(rng: Random, words: number): Token[] {
  const tokens: Token[] = [];
  for (let w = 0; w < words; w++) {
    let latin = '';
    let han = '';
    const syllables = rng.chance(0.45) ? 2 : 1;
    for (let s = 0; s < syllables; s++) {
      const [syllable, char] = rng.pick(PINYIN);
      latin += syllable;
      han += char;
    }
    tokens.push({ kind: 'pinyin', latin: capitalize(latin), ja: han, zh: han });
  }
  return tokens;
}

function enTokens(rng: Random, meanings: readonly string[], katakana: boolean): { tokens: Token[]; english: string } {
  const english = translate(rng, meanings);
  return { tokens: english.split(' ').map((w) => englishWord(rng, w, katakana)), english };
}

/** A subtitle ("Yume no Kishitachi", "The Lost Promise") with its English rendering. */
function subtitle(rng: Random, style: TitleStyle, katakana: boolean): { tokens: Token[]; english: string } {
  if (style === 'zh') {
    const tokens = zhTokens(rng, rng.int(1, 3));
    return { tokens, english: translate(rng, []) };
  }
  if (style === 'en' || rng.chance(0.3)) {
    const english = rng.chance(0.5) ? `The ${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}` : `${rng.pick(NOUNS)} of ${rng.pick(NOUNS)}`;
    return { tokens: english.split(' ').map((w) => englishWord(rng, w, katakana)), english };
  }
  const { tokens, meanings } = jpTokens(rng, rng.chance(0.5) ? 'WPW' : rng.chance(0.5) ? 'WW' : 'W');
  return { tokens, english: translate(rng, meanings) };
}

/** Optional "!" / "?!" ending, as in ~9 % of real titles. */
function exclamation(rng: Random): Token[] {
  const u = rng.next();
  if (u < 0.07) return [literal('!', '！', '！')];
  if (u < 0.08) return [literal('?!', '？！', '？！')];
  if (u < 0.086) return [literal('?', '？', '？')];
  return [];
}

/** A new franchise base title. Chinese (pinyin) bases come mostly with ONA entries. */
export function createBase(rng: Random, preferChinese: boolean): FranchiseBase {
  const style = preferChinese && rng.chance(0.5) ? 'zh' : rng.weighted(STYLE_TABLE);
  const katakana = rng.chance(0.6);
  let tokens: Token[];
  let meanings: string[];
  if (style === 'zh') {
    tokens = zhTokens(rng, rng.int(2, 4));
    meanings = [rng.pick(NOUNS), rng.pick(NOUNS)];
  } else if (style === 'en') {
    meanings = [rng.pick(NOUNS), rng.pick(NOUNS)];
    tokens = enTokens(rng, meanings, katakana).tokens;
  } else {
    const built = jpTokens(rng, rng.weighted(JP_SHAPES));
    tokens = built.tokens;
    meanings = built.meanings;
  }
  let english = translate(rng, meanings);
  tokens.push(...exclamation(rng));
  // A quarter of real titles carry a subtitle after a colon even without being a sequel.
  if (rng.chance(0.14)) {
    const sub = subtitle(rng, style, katakana);
    tokens.push(literal(':', ' ', ' '), ...sub.tokens);
    english = `${english}: ${sub.english}`;
  }
  return { style, tokens, english, meanings, katakana };
}

// ---------------------------------------------------------------------------------------------
// Franchise members

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

const ROMAN = ['', 'I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];
const CHINESE_NUMERALS = '零一二三四五六七八九十';

function chineseNumber(n: number): string {
  return n <= 10 ? CHINESE_NUMERALS.charAt(n) : String(n);
}

interface Label {
  latin: string;
  ja: string;
  zh: string;
  ko: string;
  ru: string;
  en: string;
}

function labelToken(label: Label): Token {
  return { kind: 'label', latin: label.latin, ja: label.ja, zh: label.zh, ko: label.ko, ru: label.ru, en: label.en };
}

function seasonLabel(n: number, latin: string): Label {
  return { latin, ja: `第${n}期`, zh: `第${chineseNumber(n)}季`, ko: `${n}기`, ru: `${n} сезон`, en: `Season ${n}` };
}

const LABELS: Readonly<Record<string, Label>> = {
  movie: { latin: 'Movie', ja: '劇場版', zh: '剧场版', ko: '극장판', ru: 'Фильм', en: 'The Movie' },
  ova: { latin: 'OVA', ja: 'OVA', zh: 'OVA', ko: 'OVA', ru: 'OVA', en: 'OVA' },
  specials: { latin: 'Specials', ja: '特別編', zh: '特别篇', ko: '스페셜', ru: 'Спецвыпуски', en: 'Specials' },
  special: { latin: 'Special', ja: 'スペシャル', zh: '特别篇', ko: '스페셜', ru: 'Спецвыпуск', en: 'Special' },
  recap: { latin: 'Recap', ja: '総集編', zh: '总集篇', ko: '총집편', ru: 'Рекап', en: 'Recap' },
  soushuuhen: { latin: 'Soushuuhen', ja: '総集編', zh: '总集篇', ko: '총집편', ru: 'Рекап', en: 'Recap' },
  pictureDrama: { latin: 'Picture Drama', ja: 'ピクチャードラマ', zh: '图片剧', ko: '픽처 드라마', ru: 'Пикчер-драма', en: 'Picture Drama' },
  pv: { latin: 'PV', ja: 'PV', zh: 'PV', ko: 'PV', ru: 'PV', en: 'PV' },
  mini: { latin: 'Mini Gekijou', ja: 'ミニ劇場', zh: '迷你剧场', ko: '미니 극장', ru: 'Мини-театр', en: 'Mini Theater' },
  shorts: { latin: 'Shorts', ja: 'ショート', zh: '短篇', ko: '쇼츠', ru: 'Короткометражки', en: 'Shorts' },
  web: { latin: '(ONA)', ja: '(ONA)', zh: '(网络版)', ko: '(ONA)', ru: '(ONA)', en: '(ONA)' },
  finalSeason: { latin: 'Final Season', ja: 'ファイナルシーズン', zh: '最终季', ko: '파이널 시즌', ru: 'Финальный сезон', en: 'The Final Season' },
  gekijouban: { latin: 'Gekijouban', ja: '劇場版', zh: '剧场版', ko: '극장판', ru: 'Фильм', en: 'The Movie' },
  zoku: { latin: 'Zoku', ja: '続', zh: '续', ko: '속', ru: 'Продолжение', en: 'Continued' },
  shin: { latin: 'Shin', ja: '真', zh: '真', ko: '신', ru: 'Новый', en: 'New' },
  petit: { latin: 'Petit', ja: 'ぷち', zh: '迷你', ko: '쁘띠', ru: 'Мини', en: 'Petit' },
};

function label(key: string): Label {
  const found = LABELS[key];
  if (!found) throw new Error(`unknown title label ${key}`);
  return found;
}

/** Per-franchise counters, so sequels count up ("2nd Season", "3rd Season", "Movie 2"). */
export interface FranchiseNaming {
  seasons: number;
  movies: number;
  readonly used: Set<string>;
}

const TV_PATTERNS = new WeightedTable<string>([
  ['nth', 18], ['season', 8], ['sub', 40], ['roman', 6], ['zoku', 3], ['shin', 3], ['final', 3], ['number', 8], ['nthSub', 4],
]);
const MOVIE_PATTERNS = new WeightedTable<string>([['movieSub', 25], ['movieColon', 20], ['gekijouban', 10], ['gekijoubanSub', 10], ['sub', 25], ['movie', 10]]);
const OVA_PATTERNS = new WeightedTable<string>([['ova', 35], ['sub', 40], ['subOva', 20], ['pictureDrama', 5]]);
const SPECIAL_PATTERNS = new WeightedTable<string>([
  ['specials', 30], ['sub', 20], ['recap', 5], ['soushuuhen', 3], ['pictureDrama', 6], ['mini', 5], ['pv', 6], ['special', 10], ['petit', 3],
  ['subSpecial', 8],
]);
const ONA_PATTERNS = new WeightedTable<string>([['sub', 55], ['web', 10], ['petit', 8], ['shorts', 10], ['season', 5], ['mini', 4]]);

function withSub(rng: Random, base: FranchiseBase, suffix: Label | undefined, prefix: Token[] = []): TitleForm {
  const sub = subtitle(rng, base.style, base.katakana);
  const tokens = [...prefix, ...base.tokens, literal(':', ' ', ' '), ...sub.tokens];
  if (suffix) tokens.push(labelToken(suffix));
  const english = `${base.english}: ${sub.english}${suffix ? ` ${suffix.en}` : ''}`;
  return { tokens, english };
}

function withLabel(base: FranchiseBase, suffix: Label, prefix = false): TitleForm {
  const tokens = prefix ? [labelToken(suffix), ...base.tokens] : [...base.tokens, labelToken(suffix)];
  return { tokens, english: `${base.english} ${suffix.en}` };
}

function memberForm(rng: Random, base: FranchiseBase, type: FranchiseType, naming: FranchiseNaming): TitleForm {
  switch (type) {
    case 'TV': {
      const n = ++naming.seasons;
      const pattern = rng.weighted(TV_PATTERNS);
      if (pattern === 'nth') return withLabel(base, seasonLabel(n, `${ordinal(n)} Season`));
      if (pattern === 'season') return withLabel(base, seasonLabel(n, `Season ${n}`));
      if (pattern === 'roman' && n < ROMAN.length) return withLabel(base, seasonLabel(n, ROMAN[n] ?? String(n)));
      if (pattern === 'zoku' && n === 2) return withLabel(base, label('zoku'), true);
      if (pattern === 'shin') return withLabel(base, label('shin'), true);
      if (pattern === 'final') return withLabel(base, label('finalSeason'));
      if (pattern === 'number') return withLabel(base, seasonLabel(n, String(n)));
      if (pattern === 'nthSub') return withSub(rng, { ...base, tokens: [...base.tokens, labelToken(seasonLabel(n, `${ordinal(n)} Season`))] }, undefined);
      return withSub(rng, base, undefined);
    }
    case 'MOVIE': {
      const n = ++naming.movies;
      const pattern = rng.weighted(MOVIE_PATTERNS);
      const movie = label('movie');
      if (pattern === 'movieSub') {
        const numbered: Label = { ...movie, latin: n > 1 ? `Movie ${n}` : 'Movie', en: n > 1 ? `The Movie ${n}` : movie.en };
        return withSub(rng, { ...base, tokens: [...base.tokens, labelToken(numbered)] }, undefined);
      }
      if (pattern === 'movieColon') return withSub(rng, { ...base, tokens: [...base.tokens, labelToken(movie)] }, undefined);
      if (pattern === 'gekijouban') return withLabel(base, label('gekijouban'), true);
      if (pattern === 'gekijoubanSub') return withSub(rng, base, undefined, [labelToken(label('gekijouban'))]);
      if (pattern === 'movie') return withLabel(base, movie);
      return withSub(rng, base, undefined);
    }
    case 'OVA': {
      const pattern = rng.weighted(OVA_PATTERNS);
      if (pattern === 'ova') return withLabel(base, label('ova'));
      if (pattern === 'subOva') return withSub(rng, base, label('ova'));
      if (pattern === 'pictureDrama') return withLabel(base, label('pictureDrama'));
      return withSub(rng, base, undefined);
    }
    case 'SPECIAL': {
      const pattern = rng.weighted(SPECIAL_PATTERNS);
      if (pattern === 'sub') return withSub(rng, base, undefined);
      if (pattern === 'subSpecial') return withSub(rng, base, label('special'));
      if (pattern === 'petit') return withLabel(base, label('petit'), true);
      return withLabel(base, label(pattern));
    }
    case 'ONA': {
      const pattern = rng.weighted(ONA_PATTERNS);
      if (pattern === 'sub') return withSub(rng, base, undefined);
      if (pattern === 'season') return withLabel(base, seasonLabel(++naming.seasons, `Season ${naming.seasons}`));
      if (pattern === 'petit') return withLabel(base, label('petit'), true);
      return withLabel(base, label(pattern));
    }
    default:
      return withSub(rng, base, undefined);
  }
}

/**
 * The title of a franchise member other than its main entry, unique within the franchise (a
 * clash — two "Specials" — gets a number, as real side entries do).
 */
export function sideTitle(rng: Random, base: FranchiseBase, type: FranchiseType, naming: FranchiseNaming): TitleForm {
  let form = memberForm(rng, base, type, naming);
  for (let attempt = 0; naming.used.has(renderTitle(form.tokens)) && attempt < 3; attempt++) {
    form = memberForm(rng, base, type, naming);
  }
  const title = renderTitle(form.tokens);
  if (naming.used.has(title)) {
    // Numbered like real repeats ("… Specials 2"); bounded by the franchise's size.
    let n = 2;
    while (naming.used.has(`${title} ${n}`)) n++;
    const number: Token = { kind: 'literal', latin: ` ${n}`, ja: String(n), zh: String(n), glue: true };
    form = { tokens: [...form.tokens, number], english: `${form.english} ${n}` };
  }
  naming.used.add(renderTitle(form.tokens));
  return form;
}

// ---------------------------------------------------------------------------------------------
// Rendering

/** The main title (romaji / English / pinyin). */
export function renderTitle(tokens: readonly Token[]): string {
  let out = '';
  tokens.forEach((token, i) => {
    out += i === 0 || token.glue ? token.latin : ` ${token.latin}`;
  });
  return out.charAt(0).toUpperCase() + out.slice(1);
}

function isLatinText(text: string): boolean {
  return /^[\x20-\x7e]+$/.test(text);
}

function renderJoined(tokens: readonly Token[], pick: (t: Token) => string): string {
  let out = '';
  let previousLatin = false;
  for (const token of tokens) {
    const text = pick(token);
    if (!text) continue;
    const latin = isLatinText(text);
    if (out && latin && previousLatin && !token.glue) out += ' ';
    out += text;
    previousLatin = latin;
  }
  return out.trim();
}

function renderScript(tokens: readonly Token[], script: TransliteratedScript): string {
  const words: string[] = [];
  let suffix = '';
  for (const token of tokens) {
    if (token.kind === 'label') {
      // Korean and Russian synonyms carry the season/movie label; the others drop it, like many real ones.
      const text = script === 'hangul' ? token.ko : script === 'cyrillic' ? token.ru : undefined;
      if (text) suffix += ` ${text}`;
    } else if (token.kind !== 'literal') {
      words.push(token.latin);
    }
  }
  return (transliterate(words, script) + suffix).trim();
}

/** Long vowels without the extra letter ("Hakuouki" → "Hakuoki"), or with macrons ("Hakuōki"). */
function romanizationVariant(tokens: readonly Token[], macrons: boolean): string {
  const variant = tokens.map((t) =>
    t.kind === 'word' ? { ...t, latin: t.latin.replace(/ou/g, macrons ? 'ō' : 'o').replace(/uu/g, macrons ? 'ū' : 'u') } : t,
  );
  return renderTitle(variant);
}

type SynonymScript = 'ascii' | 'latin' | TransliteratedScript;
const OTHER_SCRIPTS = new WeightedTable<SynonymScript>([
  ['ascii', 880], ['latin', 22], ['hangul', 14], ['thai', 13], ['cyrillic', 8], ['arabic', 3], ['hebrew', 2], ['greek', 1.2],
]);

const ASCII_KINDS = new WeightedTable<'translation' | 'acronym' | 'upper' | 'label'>([
  ['translation', 60], ['label', 20], ['acronym', 12], ['upper', 8],
]);

/**
 * English-alphabet synonyms: first the English title, then the alternative romanization, then a
 * mix of other translations, the English form of a season label ("<title> Season 2"), acronyms
 * ("JJK") and all-caps spellings, as in the real lists.
 */
function asciiVariant(rng: Random, form: TitleForm, base: FranchiseBase, title: string, round: number): string {
  if (round === 0) return form.english;
  if (round === 1 && base.style === 'jp') return romanizationVariant(form.tokens, false);
  switch (rng.weighted(ASCII_KINDS)) {
    case 'label':
      return form.tokens.some((t) => t.kind === 'label') ? renderTitle(form.tokens.map((t) => (t.kind === 'label' && t.en ? { ...t, latin: t.en } : t))) : '';
    case 'acronym': {
      const words = form.tokens.filter((t) => t.kind !== 'literal' && t.kind !== 'particle' && t.kind !== 'label');
      return words.length >= 3 ? words.map((t) => t.latin.charAt(0).toUpperCase()).join('') : '';
    }
    case 'upper':
      return title.toUpperCase();
    default: {
      // Another translation of the same words, with the member's suffix.
      const suffix = form.english.startsWith(base.english) ? form.english.slice(base.english.length) : '';
      return `${translate(rng, base.meanings)}${suffix}`;
    }
  }
}

function latinVariant(rng: Random, form: TitleForm, base: FranchiseBase, title: string): string {
  if (base.style === 'jp') {
    const macron = romanizationVariant(form.tokens, true);
    if (macron !== title && rng.chance(0.6)) return macron;
  }
  const first = rng.pick(FOREIGN_WORDS);
  return rng.chance(0.5) ? `${first} ${rng.pick(FOREIGN_LINKS)} ${rng.pick(FOREIGN_WORDS)}` : `${title}: ${first}`;
}

/**
 * `count` distinct synonyms of a title (never the title itself), sorted like the dataset sorts
 * them. A Japanese rendering comes first for 2 in 3 entries, a Chinese one for Chinese
 * productions and some others; the rest are mostly English variants with the occasional Korean,
 * Thai, Russian, Arabic, Hebrew or Greek one.
 */
export function synonymsFor(rng: Random, form: TitleForm, base: FranchiseBase, count: number): string[] {
  const title = renderTitle(form.tokens);
  const out = new Set<string>();
  const add = (candidate: string): void => {
    const text = candidate.replace(/\s+/g, ' ').trim();
    if (text && text !== title) out.add(text);
  };
  if (count === 0) return [];
  if (rng.chance(base.style === 'zh' ? 0.25 : 0.85)) add(renderJoined(form.tokens, (t) => t.ja));
  if (out.size < count && rng.chance(base.style === 'zh' ? 0.9 : 0.12)) add(renderJoined(form.tokens, (t) => t.zh));
  const usedScripts = new Set<SynonymScript>();
  let asciiRound = 0;
  for (let guard = 0; out.size < count && guard < count * 4 + 8; guard++) {
    let script = rng.weighted(OTHER_SCRIPTS);
    if (script !== 'ascii' && usedScripts.has(script)) script = 'ascii';
    usedScripts.add(script);
    if (script === 'ascii') add(asciiVariant(rng, form, base, title, asciiRound++));
    else if (script === 'latin') add(latinVariant(rng, form, base, title));
    else add(renderScript(form.tokens, script));
  }
  return [...out].sort();
}

/** Slug for anime-planet URLs (English title for about half the anime, as anime-planet does). */
export function slugOf(rng: Random, form: TitleForm): string {
  const source = rng.chance(0.5) ? form.english : renderTitle(form.tokens);
  return source
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // "é" → "e", not "e-"
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** A lower-case generated romaji word, for company names of the long tail. */
export function romajiWord(rng: Random): string {
  return generatedWord(rng).latin.toLowerCase();
}
