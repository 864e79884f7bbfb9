import { MOOD_ALIASES, MOOD_TAGS, moodKeyOf, negatedTags, SHAPE_DESCRIPTORS } from './mood-tags';
import type { Ordinal, PlanDraft, PlannerContext } from './plan-draft';
import { ID_PREFIX, ID_PREFIX_ALIASES, LINK_PATTERN, linkPlatform, platformOf, platformPattern } from './platform-names';
import { isPronoun } from './filler-words';
import { alternation, L, R, regex, words, type QueryText } from './query-text';

// ---------------------------------------------------------------------------------------------
// Links and ids.

/** Platform links and ids ("https://myanimelist.net/anime/1535", "mal:1535", "kitsu 1", "anime id 1535 on MAL"). */
export function extractReferences(q: QueryText, draft: PlanDraft): void {
  q.consume(regex(`${L}${LINK_PATTERN}`, 'giu'), (m) => {
    if (draft.ref) return false;
    const link = m[0].replace(/[).,;!?\]]+$/u, '');
    const shape = linkPlatform(link);
    if (!shape) return false;
    draft.ref = /^https?:\/\//iu.test(link) ? link : `https://${link}`;
    draft.note(`link: ${draft.ref}`);
    if (!shape.animePage) {
      draft.refProblem = {
        question: `The link ${draft.ref} is not an anime page of ${shape.platform}. Which anime do you mean?`,
        alternatives: [],
      };
    }
    return true;
  });

  const prefixes = (idPrefixesPattern ??= alternation(Object.keys(ID_PREFIX_ALIASES)));
  q.consume(regex(`${L}(${prefixes})\\s*:\\s*([A-Za-z0-9][A-Za-z0-9_-]*)${R}`, 'giu'), (m) => {
    const platform = ID_PREFIX_ALIASES[(m[1] ?? '').toLowerCase()];
    if (!platform || draft.ref) return false;
    return setId(draft, platform, m[2] ?? '');
  });
  const names = platformPattern(true);
  q.consume(words(`(?:the\\s+)?(?:anime\\s+)?id\\s*#?\\s*(\\d{1,7})\\s+(?:on|from|at|in|of)\\s+(?:the\\s+)?(${names})`), (m) => {
    const platform = platformOf(m[2] ?? '');
    if (!platform || draft.ref) return false;
    return setId(draft, platform, m[1] ?? '');
  });
  q.consume(words(`(${names})(?:\\s+anime)?(\\s+id)?\\s*#?\\s*(\\d{1,7})`), (m) => {
    const platform = platformOf(m[1] ?? '');
    const id = m[3] ?? '';
    // "MAL 2019" reads as a year unless the word "id" says otherwise.
    if (!platform || draft.ref || (!m[2] && /^(?:19|20)\d\d$/u.test(id))) return false;
    return setId(draft, platform, id);
  });
  q.consume(words(`(?:the\\s+)?(?:anime\\s+)?id\\s*#?\\s*(\\d{1,7})`), (m) => {
    if (draft.ref) return false;
    const id = m[1] ?? '';
    draft.refProblem = {
      question: `Which platform is the id ${id} from?`,
      alternatives: [`mal:${id}`, `anilist:${id}`, `kitsu:${id}`, `anidb:${id}`],
    };
    draft.note(`id ${id} (platform unknown)`);
    return true;
  });
}

function setId(draft: PlanDraft, platform: keyof typeof ID_PREFIX, id: string): boolean {
  draft.ref = `${ID_PREFIX[platform]}:${platform === 'anime-planet' ? id.toLowerCase() : id}`;
  draft.note(`id: ${draft.ref}`);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Ordinals against the previous answer, and similarity.

const ORDINAL_WORDS: Readonly<Record<string, Ordinal>> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  last: 'last', final: 'last', latter: 'last', former: 1,
};
const ORDINAL = `(${Object.keys(ORDINAL_WORDS).join('|')}|\\d{1,2}(?:st|nd|rd|th))`;
const ITEM = '(?:one|result|entry|item|pick|option|suggestion|recommendation|title|answer)s?';

function parseOrdinal(written: string): Ordinal | undefined {
  const key = written.toLowerCase();
  const digits = /^(\d+)(?:st|nd|rd|th)?$/u.exec(key);
  if (digits) return Math.max(1, Number(digits[1]));
  return ORDINAL_WORDS[key];
}

const ordinalLabel = (o: Ordinal): string => (o === 'last' ? 'the last item' : `item #${o}`);

/** A target phrase: everything up to the next removed phrase, comma or clause word. */
const TARGET =
  "((?:(?![\\ue100\\ue101,!?]|[;.](?:\\s|$)|\\s+(?:but|with|which|who|that\\s+(?:is|are|has|have|was)|please|pls|preferably|ideally|except|excluding|without|and\\s+(?:something|anything|preferably|ideally|maybe|also|not|no|make|give|show)|or\\s+something|for\\s+(?:me|kids|adults)|so|because|since)(?![\\p{L}\\p{N}])).)+)";

/** "like" right after a hyphen is the "Naruto-like" suffix, not the preposition. */
const NOT_HYPHEN = '(?<![\\p{L}\\p{N}-])';

const LIKE =
  "(?:(?:(?:something|anything|anime|animes|shows?|series|movies?|films?|stuff|ones?|more|others?|titles?)\\s+)?(?:(?:similar|comparable)\\s+to|(?<!(?:^|\\s)(?:i|i'd|i'll|would|you|we|they|do|don't|dont|did|didn't|really|also|not|might|to|it|look|looks|feel|is)\\s+)(?:just\\s+|kind\\s+of\\s+|kinda\\s+|a\\s+bit\\s+)?like|in\\s+the\\s+(?:vein|style|spirit)\\s+of|along\\s+the\\s+lines\\s+of|reminiscent\\s+of|that\\s+feels?\\s+like|(?:if\\s+)?i\\s+(?:really\\s+)?(?:liked|loved|enjoyed|adored)|for\\s+fans\\s+of|fans\\s+of|(?:to\\s+)?watch\\s+after(?:\\s+(?:finishing|watching))?))";

/** "like Death Note", "more like the second one", "similar to that", "Naruto-like"; then "the second one", "#3". */
export function extractSimilarityAndOrdinals(q: QueryText, draft: PlanDraft, ctx: PlannerContext): void {
  if (q.mentions(SIMILAR_CUES) || /-(?:like|esque)/iu.test(q.text)) extractSimilarity(q, draft);
  extractOrdinals(q, draft, ctx);
}

/** Words every similarity phrase contains (checked first: the patterns are costly). */
const SIMILAR_CUES: ReadonlySet<string> = new Set([
  'like', 'similar', 'comparable', 'vein', 'style', 'spirit', 'lines', 'reminiscent', 'fans', 'liked', 'loved', 'enjoyed',
  'adored', 'after',
]);

function extractSimilarity(q: QueryText, draft: PlanDraft): void {
  q.consume(regex(`${L}([\\p{Lu}\\d][\\p{L}\\p{N};:!'’.]*)-(?:like|esque)${R}`, 'gu'), (m) => {
    if (draft.similarTo) return false;
    draft.similarTo = { text: m[1] ?? '' };
    draft.note(`similar to "${m[1]}"`);
    return true;
  });

  q.consume(regex(`${NOT_HYPHEN}${LIKE}\\s+(?:the\\s+|#\\s?)?${ORDINAL}(?:\\s+${ITEM})?${R}`, 'giu'), (m) => {
    const ordinal = parseOrdinal(m[1] ?? '');
    if (ordinal === undefined || draft.similarTo) return false;
    draft.similarTo = { ordinal };
    draft.note(`similar to ${ordinalLabel(ordinal)} of the previous answer`);
    return true;
  });
  q.consume(regex(`${NOT_HYPHEN}${LIKE}\\s+#\\s?(\\d{1,2})${R}`, 'giu'), (m) => {
    if (draft.similarTo) return false;
    draft.similarTo = { ordinal: Math.max(1, Number(m[1])) };
    draft.note(`similar to item #${m[1]} of the previous answer`);
    return true;
  });
  q.consume(regex(`${NOT_HYPHEN}${LIKE}\\s+(?:that|this|it|those|these|them)(?:\\s+one)?(?=\\s*(?:$|[\\ue100\\ue101,!?.]))`, 'giu'), () => {
    if (draft.similarTo) return false;
    // "that"/"it" is the first (usually only) item of the previous answer.
    draft.similarTo = { ordinal: 1 };
    draft.note('similar to the previous answer');
    return true;
  });
  q.consume(regex(`${NOT_HYPHEN}${LIKE}\\s+${TARGET}`, 'giu'), (m) => {
    const target = cleanTarget(q.restore(m[1] ?? ''));
    if (!target || draft.similarTo || isMoodPhrase(target)) return false;
    if (isPronoun(target)) {
      draft.similarTo = { ordinal: 1 };
      draft.note('similar to the previous answer');
      return true;
    }
    draft.similarTo = { text: target };
    draft.note(`similar to "${target}"`);
    return true;
  });
}

function extractOrdinals(q: QueryText, draft: PlanDraft, ctx: PlannerContext): void {
  const setOrdinal = (written: string): boolean => {
    const ordinal = parseOrdinal(written);
    if (ordinal === undefined || draft.ordinal !== undefined) return false;
    draft.ordinal = ordinal;
    draft.note(`${ordinalLabel(ordinal)} of the previous answer`);
    return true;
  };
  q.consume(regex(`(?<![\\p{L}\\p{N}&])#\\s?(\\d{1,2})${R}`, 'giu'), (m) => setOrdinal(m[1] ?? ''));
  q.consume(words(`(?:the\\s+)?${ORDINAL}\\s+${ITEM}(?:['’]s)?`), (m) => setOrdinal(m[1] ?? ''));
  q.consume(regex(`${L}the\\s+${ORDINAL}(?:['’]s)?(?=\\s*(?:$|[\\ue100\\ue101,!?.]|(?:['’]s)))`, 'giu'), (m) => setOrdinal(m[1] ?? ''));
  // "Number 24" is also a title: only a follow-up reads it as an item.
  if (ctx.previousCount !== undefined && ctx.previousCount > 0) {
    q.consume(words(`(?:number|item|result|entry|pick|option)\\s*#?\\s*(\\d{1,2})`), (m) => setOrdinal(m[1] ?? ''));
  }
}

/** Drops the words around a title target ("the Naruto franchise" → "Naruto"). */
function cleanTarget(raw: string): string {
  return raw
    .trim()
    .replace(/^(?:the|a|an|anything\s+(?:from|in)\s+the|anything\s+(?:from|in)|any\s+of\s+the|any)\s+/iu, '')
    .replace(/\s+(?:franchise|series|universe|ones?|anime|stuff|shows?|movies?|titles?|etc\.?|and\s+(?:the\s+)?like|or\s+similar|please|pls)$/iu, '')
    .replace(/^(?:the)\s+/iu, '')
    .replace(/[\s,;:]+$/u, '')
    .trim();
}

/** Built on first use (the tables are constant): every question uses them. */
let idPrefixesPattern: string | undefined;
let moodsPattern: string | undefined;
const MOOD_WORDS = alternation([...Object.keys(MOOD_ALIASES), ...Object.keys(SHAPE_DESCRIPTORS)]);
const MOOD_ONLY = new RegExp(`^(?:(?:${MOOD_WORDS}|and|or|,|\\s)+)$`, 'iu');

/** True when the text is only mood words ("dark and gritty"): not a title to exclude or compare with. */
function isMoodPhrase(text: string): boolean {
  return MOOD_ONLY.test(text.trim());
}

// ---------------------------------------------------------------------------------------------
// Exclusions.

const NEGATION =
  "(?:(?:that\\s+|which\\s+)?(?:isn't|is\\s+not|aren't|are\\s+not|wasn't)(?:\\s+(?:a|an|too|very|overly|that))?|not(?:\\s+(?:too|very|overly|that|so|really|super|particularly|at\\s+all))?|nothing(?:\\s+(?:too|that|overly))?|no(?:\\s+(?:too\\s+much|much|excessive|heavy|over-the-top|gratuitous|explicit))?|without(?:\\s+(?:any|too\\s+much|much|excessive|heavy|gratuitous|explicit))?|avoid(?:ing)?(?:\\s+(?:anything|any))?|minus|less|free\\s+(?:of|from)|skip(?:ping)?(?:\\s+(?:the|any))?|hate|(?:i\\s+)?(?:don'?t|do\\s+not)\\s+(?:want|like|need)(?:\\s+(?:any|too\\s+much|much))?|exclude|excluding|except)";

/** Words every exclusion starts with (checked first: the patterns are costly). */
const EXCLUSION_CUES: ReadonlySet<string> = new Set([
  'not', 'no', 'without', 'nothing', 'avoid', 'avoiding', 'minus', 'less', 'free', 'skip', 'skipping', 'hate', "don't",
  'dont', 'do', 'exclude', 'excluding', 'except', "isn't", 'is', "aren't", 'are', "wasn't", 'first', '1st', 'only',
  'stand-alone', 'standalone', 'standalones', 'self-contained', 'other', 'apart', 'aside', 'leave', 'leaving', 'ignore',
  'ignoring', 'but', 'and', 'yet', 'that', 'which',
]);

/** "not too violent", "no gore", "without fan service", "no sequels", "exclude the Naruto franchise", "but not Gundam". */
export function extractExclusions(q: QueryText, draft: PlanDraft): void {
  if (!q.mentions(EXCLUSION_CUES)) return;
  const moods = (moodsPattern ??= alternation(Object.keys(MOOD_ALIASES)));
  q.consume(regex(`${L}(?:(?:but|and|yet)\\s+)?(?:${NEGATION}\\s+(?:too\\s+|any\\s+|much\\s+)?|non-)(${moods})${R}`, 'giu'), (m) => {
    // Romanised titles use "no" as a particle ("Kimetsu no Yaiba"): after a capitalised word it is not a negation.
    const before = m.input.slice(0, m.index).trimEnd();
    if (/^no\b/iu.test(m[0]) && /\p{Lu}[\p{L}\p{N}!?'’-]*$/u.test(before)) return false;
    const key = moodKeyOf(m[1] ?? '');
    if (!key || !MOOD_TAGS[key]) return false;
    draft.excludeTags(negatedTags(key), `no ${key}`);
    return true;
  });
  q.consume(words(`(?:(?:but|and)\\s+)?not\\s+(?:too|that|overly|very)\\s+(long|short)`), (m) => {
    if ((m[1] ?? '').toLowerCase() === 'long') draft.narrowEpisodes({ max: 26 }, 'not too long (≤ 26 episodes)');
    else draft.narrowEpisodes({ min: 10 }, 'not too short (≥ 10 episodes)');
    return true;
  });
  q.consume(
    words(
      `(?:(?:but|and)\\s+)?(?:no|without|not|skip(?:ping)?|exclude|excluding|avoid(?:ing)?|minus)\\s+(?:any\\s+|the\\s+)?(?:sequels?|prequels?|spin[\\s-]?offs?|second\\s+seasons?|continuations?|follow[\\s-]?ups?)(?:\\s+(?:or|and|/)\\s+(?:sequels?|prequels?|spin[\\s-]?offs?))?|(?:(?:first|1st)\\s+seasons?\\s+only|only\\s+(?:the\\s+)?(?:first|1st)\\s+seasons?)|(?:only\\s+)?(?:stand[\\s-]?alones?|self[\\s-]contained)(?:\\s+(?:stories|ones|shows|anime|series|only))?`,
    ),
    () => {
      draft.note('no sequels');
      return true;
    },
  );
  const EXCLUDE =
    '(?:(?:but|and)\\s+)?(?:exclude|excluding|except(?:\\s+for)?|not\\s+including|other\\s+than|apart\\s+from|aside\\s+from|leave\\s+out|leaving\\s+out|ignore|ignoring|without|minus|but\\s+not|and\\s+not|not|no\\s+more)';
  q.consume(regex(`${L}${EXCLUDE}\\s+${TARGET}`, 'giu'), (m) => {
    const starts = m[0].trimStart().toLowerCase();
    // A bare "not" only excludes after "but"/"and" ("but not Gundam"); elsewhere it is too vague.
    if (/^not\s/u.test(starts)) return false;
    const titles = cleanTarget(q.restore(m[1] ?? ''))
      .split(/\s*(?:,|\bor\b|\band\b|&|\/|\bnor\b)\s*/iu)
      .map(cleanTarget)
      .filter((t) => t.length > 0 && !isMoodPhrase(t));
    if (titles.length === 0) return false;
    for (const t of titles) if (!draft.excludeTitles.includes(t)) draft.excludeTitles.push(t);
    draft.note(`excluding ${titles.map((t) => `"${t}"`).join(', ')}`);
    return true;
  });
}
