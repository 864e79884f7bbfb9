import { bare, isQuote, tokens } from './query-text';

/**
 * Words that carry no title meaning at the edge of a leftover piece ("find", "please",
 * "anime"). Kept deliberately small: many titles start with everyday words ("Great Teacher
 * Onizuka", "Your Lie in April", "One Punch Man", "Is the Order a Rabbit?"), so only words that
 * are almost never the first or last word of a title are stripped there.
 */
const LEADING = new Set([
  'some', 'any', 'me', 'us', 'want', 'wanna', 'need', 'looking', 'look', 'for', 'find', 'search', 'searching',
  'list', 'recommend', 'suggest', 'please', 'pls', 'plz', 'what', "what's", 'whats', 'which', 'something',
  'anything', 'that', 'with', 'and', 'or', 'but', 'of', 'in', 'on', 'to', 'about', 'from', 'by', 'tell', 'give',
  'get', 'info', 'information', 'details', 'also', 'preferably', 'ideally', 'maybe', 'perhaps', 'anime', 'animes',
  'stuff', 'titles', 'ones', 'similar', 'vs', 'versus', 'compare', 'than', 'else', 'only', 'just', 'as', 'such',
]);

/**
 * The subset of LEADING that may be stripped from the very start of the query: connectors there
 * ("To Your Eternity", "From the New World", "In/Spectre") begin titles, not requests.
 */
const QUERY_START = new Set([
  'some', 'any', 'want', 'wanna', 'need', 'find', 'search', 'searching', 'list', 'recommend', 'suggest', 'please',
  'pls', 'plz', 'something', 'anything', 'tell', 'info', 'information', 'details', 'also', 'preferably', 'ideally',
  'anime', 'animes', 'stuff', 'titles', 'ones', 'similar', 'compare', 'only', 'just', 'what', "what's", 'whats',
  'which',
]);

const TRAILING = new Set([
  'please', 'pls', 'plz', 'anime', 'animes', 'stuff', 'titles', 'ones', 'about', 'with', 'and', 'or', 'but', 'of',
  'in', 'on', 'to', 'for', 'from', 'by', 'is', 'are', 'was', 'does', 'do', 'did', 'have', 'has', 'there', 'that',
  'which', 'thanks', 'thank', 'ok', 'okay', 'too', 'also', 'preferably', 'ideally', 'maybe', 'something',
  'anything', 'a', 'an', 'the', 'me', 'us', 'lol', 'again', 'vs', 'versus', 'than', 'like', 'similar', 'else',
  'more', 'out', 'info', 'information', 'details', 'set', 'made', 'aired', 'released', 'i', 'want', 'watch',
  'then', 'now', 'any', 'some', 'pick', 'picks', 'recommendations', 'suggestions', 'such', 'as', 'only', 'just',
]);

/**
 * Words that may sit between a mood word and the edge of its piece without making the mood
 * part of a title: leads ("something", "really"), nouns naming anime ("anime", "ones"),
 * connectors ("and", "with"). "Dark Gathering" stays a title because "Gathering" is none of these.
 */
const GAP_WORDS = new Set([
  ...LEADING,
  ...TRAILING,
  'good', 'great', 'nice', 'cool', 'fun', 'really', 'very', 'super', 'pretty', 'kinda', 'quite', 'bit', 'little',
  'most', 'less', 'extra', 'somewhat', 'slightly', 'fairly', 'feel', 'feels', 'feeling', 'mood', 'vibe', 'vibes',
  'genre', 'genres', 'theme', 'themes', 'themed', 'elements', 'story', 'stories', 'things', 'cartoons', 'japanese',
  'into', 'love', 'enjoy', 'enjoyed', 'liked', 'watching', 'a', 'an', 'the', 'both', 'yet', 'plus', 'n', '&', '/',
  '+', 'not', 'too', 'overly', 'shows', 'one', 'involving', 'focused', 'heavy', 'lots', 'lot', 'full', 'mix',
  'mixed', 'blend', 'combination', 'combined', 'together', 'tone', 'atmosphere', 'setting', 'will', 'should',
  'gonna', 'make', 'makes', 'lots', 'plenty', 'tons', 'many', 'loads', 'you', 'u', 'came', 'come', 'comes', 'out',
  'released', 'aired', 'release', 'premiered', 'else', 'should', 'isn\'t', 'has', 'have', 'there', 'these', 'those',
  'recommendations', 'ideas', 'list', 'watchlist', 'binge', 'tonight', 'today', 'maybe', 'perhaps', 'mostly',
  'anime-only', 'seasonal', 'ideas', 'option', 'options', 'recommendation', 'suggestion', 'picks', 'pick', 'i',
  "i'm", 'im', 'can', 'could', 'would', 'so', 'hey', 'hi', 'hello', 'ok', 'okay', 'yo', 'do', 'does', 'did', 'is',
  'are', 'was', 'how', 'when', 'where', 'made', 'set', 'kind', 'sort', 'type', 'other', 'more', 'go', 'watch', 'show',
]);

/** Words that name "anime" itself: after a mood word they make it a descriptor ("dark anime"). */
export const ANIME_NOUNS = new Set([
  'anime', 'animes', 'ones', 'stuff', 'titles', 'stories', 'story', 'things', 'cartoons', 'vibes', 'vibe', 'genre',
  'genres', 'picks', 'recommendations', 'suggestions', 'options', 'something', 'anything', 'shows',
]);

/** Leads that make the next mood word a descriptor ("something dark", "really funny"). */
export const DESCRIPTOR_LEADS = new Set([
  'something', 'anything', 'some', 'more', 'very', 'really', 'super', 'kinda', 'pretty', 'quite', 'too', 'bit',
  'little', 'most', 'extra', 'somewhat', 'slightly', 'fairly', 'is', 'are', 'feel', 'feels', 'feeling', 'mood',
  'vibe', 'vibes', 'want', 'need', 'into', 'love', 'enjoy', 'good', 'great', 'nice', 'cool', 'a', 'an', 'for',
]);

/** The pronouns that point at the previous answer ("what is it about", "where can I stream that"). */
const PRONOUNS = new Set(['it', 'its', "it's", 'that', 'this', 'that one', 'this one', 'them', 'those', 'these']);

/** Question words that open a question rather than a title, stripped when the query has other signals. */
const QUESTION_START = new Set(['is', 'are', 'does', 'do', 'did', 'was', 'were', 'has', 'have', 'can', 'could', 'will', 'how', 'when', 'where', 'who', 'why', 'should', 'would']);

/** Multi-word openings ("can you please find me", "what is", "tell me about") removed from a piece's start. */
const OPENING =
  /^(?:(?:hey|ok|okay|yo|well)[,!]?\s+|(?:hi|hello|so)[,!]\s+|(?:can|could|would|will)\s+you\s+(?:please\s+)?|please\s+|(?:i'?m|i\s+am)\s+looking\s+for\s+|looking\s+for\s+|i\s+(?:want|need|would\s+like|'d\s+like|wanna)(?:\s+to\s+(?:watch|see|find|know(?:\s+(?:about|more\s+about))?))?\s+|(?:find|search(?:\s+for)?|look\s+(?:up|for)|show\s+(?:me|us)|give\s+me|get\s+me|recommend(?:\s+me)?|suggest|list)\s+|what(?:'s|s|\s+is|\s+are|\s+was)\s+|who\s+is\s+|tell\s+me(?:\s+more)?\s+about\s+|(?:more\s+)?info(?:rmation)?\s+(?:on|about)\s+|details\s+(?:on|about|of)\s+)/iu;

/** True when a word is a filler, lead or anime noun (may surround a mood without being a title). */
export function isGapWord(token: string): boolean {
  const word = bare(token);
  return word === '' || GAP_WORDS.has(word) || /^(?:19|20)\d\d$/u.test(word);
}

/** True when every word of `text` is a filler, lead or anime noun. */
export function isAllGap(text: string): boolean {
  return tokens(text).every(isGapWord);
}

const isArticle = (word: string): boolean => word === 'a' || word === 'an' || word === 'the';

/**
 * Strips filler from the edges of a leftover piece and returns the title words, or '' when the
 * piece was all filler. An article stays when a capitalised word follows ("A Silent Voice").
 */
export function stripFiller(piece: string, atQueryStart = false, hasSignals = false): string {
  let text = piece.trim();
  for (let guard = 0; guard < 10; guard++) {
    // The opening may be all there is ("I'm looking for" before a removed phrase).
    const next = `${text} `.replace(OPENING, '').trim();
    if (next === text) break;
    text = next;
  }
  const words = tokens(text);
  let atStart = atQueryStart;
  while (words.length > 0) {
    const first = words[0] ?? '';
    const word = bare(first);
    const next = words[1] ?? '';
    if (word === 'show' && /^(?:me|us)$/iu.test(bare(next))) {
      words.splice(0, 2);
      continue;
    }
    const strip = isArticle(word) ? !/^[\p{Lu}\p{N}\ue000-\ue0ff]/u.test(next) || words.length === 1 : word === '' || (atStart ? QUERY_START.has(word) || (hasSignals && QUESTION_START.has(word)) : LEADING.has(word));
    if (!strip || isQuote(first)) break;
    words.shift();
    // Once a request word is gone ("anime with …"), the next words are no longer the query's start.
    atStart = false;
  }
  while (words.length > 0) {
    const last = words[words.length - 1] ?? '';
    const word = bare(last);
    if (isQuote(last) || !(word === '' || TRAILING.has(word))) break;
    // A lone "!" or "?" ends titles ("K-On!") only when attached to a word, so a bare one goes.
    words.pop();
  }
  return words
    .join(' ')
    .replace(/^[\s,;:.\-–—&/]+|[\s,;:\-–—&/]+$/gu, '')
    .trim();
}

/** True when the leftover is only a pronoun pointing at the previous answer. */
export function isPronoun(text: string): boolean {
  return PRONOUNS.has(text.toLowerCase().replace(/[?.!,]+$/u, '').trim());
}
