import type { Platform } from '@anime/contracts';
import type { AnimeType, Field, PlanDraft } from './plan-draft';
import { platformOf, platformPattern, STREAMING_SERVICES, streamingServiceOf } from './platform-names';
import { alternation, NOUN_BOUNDARY, words, type QueryText } from './query-text';
import { STUDIO_CUES, studioNamesOf, studioPattern } from './studio-names';

// ---------------------------------------------------------------------------------------------
// Catalog statistics.

const STORE = '(?:catalog(?:ue)?|database|dataset|data\\s+set|db|collection|library)';
const TYPE_LABELS: Readonly<Record<AnimeType, string>> = { TV: 'TV', MOVIE: 'movies', OVA: 'OVA', ONA: 'ONA', SPECIAL: 'specials' };
const STATS_NOUNS: Readonly<Record<string, AnimeType | undefined>> = {
  anime: undefined, animes: undefined, titles: undefined, entries: undefined, things: undefined,
  shows: 'TV', series: 'TV', movies: 'MOVIE', films: 'MOVIE', ovas: 'OVA', onas: 'ONA', specials: 'SPECIAL',
};

/** "how many anime are in the database", "catalog stats". */
export function extractStats(q: QueryText, draft: PlanDraft): void {
  const found = q.consume(
    words(
      `${STORE}\\s+(?:stats|statistics|size|version|overview|summary|numbers|counts?)|(?:stats|statistics)(?:\\s+(?:of|on|about|for)\\s+(?:the\\s+|your\\s+)?${STORE})?|how\\s+(?:big|large)\\s+is\\s+(?:the|your|this)\\s+${STORE}|(?:what|which)\\s+(?:version|release)\\s+of\\s+(?:the\\s+)?${STORE}|when\\s+was\\s+(?:the\\s+)?${STORE}\\s+(?:last\\s+)?updated`,
    ),
    () => true,
  );
  const counted = q.consume(words(`how\\s+many\\s+(${Object.keys(STATS_NOUNS).join('|')})(?!\\s+episodes)`), (m) => {
    const type = STATS_NOUNS[(m[1] ?? '').toLowerCase()];
    if (type) {
      draft.types.add(type);
      draft.note(TYPE_LABELS[type]);
    }
    return true;
  });
  if (!found && !counted) return;
  draft.stats = true;
  draft.note('catalog stats');
  q.consume(words(`(?:(?:are|is)\\s+)?(?:(?:there|listed|stored|indexed)\\s+)?(?:in|on|of)\\s+(?:the|your|this|our)\\s+${STORE}|(?:the|your|this|our)\\s+${STORE}|${STORE}`), () => true);
  q.consume(words(`(?:are|is)\\s+there|do\\s+you\\s+(?:have|know(?:\\s+about)?)|you\\s+have|in\\s+total|total|altogether|exist|are\\s+listed`), () => true);
}

// ---------------------------------------------------------------------------------------------
// Comparison across platforms.

const DEFAULT_COMPARE: readonly Platform[] = ['myanimelist', 'anilist', 'kitsu'];

/** "compare ratings across MAL and AniList", "how does Frieren score on kitsu vs mal". */
export function extractCompare(q: QueryText, draft: PlanDraft): void {
  const names = platformPattern(false);
  const text = q.text;
  const keyword = q.has(words('compare|comparison|comparing|compared|vs\\.?|versus|differ(?:s|ence|ences|ent)?|discrepanc(?:y|ies)'));
  const across = q.has(words(`across\\s+(?:(?:all|the|different|every)\\s+)?(?:platforms|sites|sources|databases|websites|services|trackers)`));
  const mentioned = [...text.matchAll(words(names))].map((m) => platformOf(m[0])).filter((p): p is Platform => p !== undefined);
  const platforms = [...new Set(mentioned)];
  const metric = q.has(words('ratings?|scores?|scored|score|rated|rank(?:ing)?s?|popularity|popular|members|episodes?'));
  const joined = q.has(words(`(?:${names})\\s*(?:,|and|vs\\.?|versus|or|&|/)\\s*(?:on\\s+)?(?:${names})`));
  const question = q.has(words('how\\s+(?:does|do|did|is|are|popular|good|well|high(?:ly)?)|which\\s+(?:site|platform)|where\\s+is\\s+it\\s+(?:rated|scored)'));
  if (!((keyword && (platforms.length > 0 || across)) || (across && metric) || (platforms.length >= 2 && metric && joined && question))) return;

  const lower = text.toLowerCase();
  const kind = /popular|popularity|members|fans|rank/u.test(lower) ? 'popularity' : /episode/u.test(lower) ? 'episodes' : 'rating';
  draft.compare = { platforms: platforms.length > 0 ? platforms : [...DEFAULT_COMPARE], metric: kind };
  draft.note(`compare ${kind} on ${draft.compare.platforms.join(', ')}`);
  q.consume(
    words(`(?:(?:on|across|between|from|at|in|to|with|and|vs\\.?|versus|or|against|compared\\s+(?:to|with))\\s+)?(?:the\\s+)?(?:${names})(?:['’]s)?(?:\\s+(?:and|vs\\.?|versus|or|,))?`),
    () => true,
  );
  q.consume(
    words(
      `how\\s+(?:(?:popular|good|well|high(?:ly)?|well[\\s-]rated|highly\\s+rated)\\s+)?(?:does|do|did|is|are)|(?:the\\s+)?differences?\\s+(?:between|in)|(?:compare|comparison\\s+of|comparing)(?:\\s+(?:the|its))?|compared|vs\\.?|versus|differ(?:s|ent|ently)?|across\\s+(?:(?:all|the|different|every)\\s+)?(?:platforms|sites|sources|databases|websites|services|trackers)|(?:the\\s+|its\\s+)?(?:ratings?|scores?|scored|score|rated|rank(?:ing)?s?|popularity|popular|members|episode\\s+counts?|episodes?)(?:\\s+(?:of|for|on))?`,
    ),
    () => true,
  );
}

// ---------------------------------------------------------------------------------------------
// Fields of one anime.

const FIELD_PATTERNS: ReadonlyArray<readonly [Field, string]> = [
  [
    'german-synopsis',
    '(?:the\\s+)?(?:german|deutsche?)\\s+(?:synopsis|summary|description|plot|inhaltsangabe|beschreibung)(?:\\s+(?:of|for))?|(?:the\\s+)?(?:synopsis|summary|description|plot)\\s+(?:in|auf)\\s+(?:german|deutsch)(?:\\s+(?:of|for))?|(?:in|auf)\\s+(?:german|deutsch)',
  ],
  [
    'synopsis',
    "(?:the\\s+|its\\s+)?(?:synopsis|synopses|plot(?:\\s+summary)?|summary|premise|storyline|description)(?:\\s+(?:of|for))?|what\\s+(?:is|'s|’s)\\s+(?:it|this|that)\\s+about|what\\s+happens\\s+in|what\\s+(?:is|'s|’s)\\s+the\\s+story(?:\\s+(?:of|about|in))?",
  ],
  [
    'streaming',
    'where\\s+(?:can|could|do|should|would|to)?\\s*(?:i|we|you|one)?\\s*(?:watch|stream|see|find)|streaming(?:\\s+(?:services?|sites?|platforms?|links?|options?|availability))?(?:\\s+(?:for|of))?|(?:available|streamable)\\s+(?:to\\s+stream|online)|watch\\s+(?:it\\s+)?online|legal(?:ly)?\\s+(?:watch|stream)|stream\\s+it',
  ],
  [
    'characters',
    '(?:the\\s+|its\\s+)?(?:main\\s+)?(?:characters?|cast|voice\\s+(?:actors?|cast)|seiyuus?|who\\s+voices)(?:\\s+(?:of|in|for))?',
  ],
  [
    'staff',
    '(?:the\\s+|its\\s+)?(?:staff|directors?|directed\\s+by|who\\s+(?:directed|made|created|animated)|creators?|composer|(?:which|what)\\s+studio(?:\\s+(?:made|animated|produced))?)(?:\\s+(?:of|for|behind))?',
  ],
  [
    'rating',
    '(?:the\\s+|its\\s+)?(?:ratings?|scores?)(?:\\s+(?:of|for))?|how\\s+(?:good|well\\s+rated|highly\\s+rated)\\s+is|how\\s+is\\s+(?:it\\s+)?rated|is\\s+it\\s+(?:any\\s+)?good|how\\s+(?:well\\s+)?(?:does|did)\\s+it\\s+score',
  ],
  [
    'episodes',
    'how\\s+many\\s+(?:episodes|eps)(?:\\s+(?:does|do|did|are\\s+there\\s+in|are\\s+there|is|are|in|has|of))?|(?:the\\s+)?episode\\s+count(?:\\s+(?:of|for))?|(?:the\\s+)?number\\s+of\\s+episodes(?:\\s+(?:of|in|for))?|how\\s+long\\s+is',
  ],
  [
    'airing',
    '(?:the\\s+)?(?:air\\s*date|release\\s+date|premiere\\s+date|broadcast\\s+(?:time|day)|next\\s+episode)(?:\\s+(?:of|for))?|when\\s+(?:is|are)\\s+(?:the\\s+)?(?:next\\s+)?(?:episode|season)(?:\\s+(?:of|for))?',
  ],
];

const FIELD_LABELS: Readonly<Record<Field, string>> = {
  synopsis: 'synopsis',
  'german-synopsis': 'German synopsis',
  streaming: 'where to stream',
  characters: 'characters',
  staff: 'staff',
  rating: 'rating',
  episodes: 'episode count',
  airing: 'air dates',
};

/** Records a field the user asks for, with its readable label. */
export function addField(draft: PlanDraft, field: Field): void {
  draft.fields.add(field);
  draft.note(FIELD_LABELS[field]);
}

/** What the user wants to know about one anime ("synopsis", "where to stream", "when does it air"). */
export function extractFields(q: QueryText, draft: PlanDraft): void {
  for (const [field, source] of FIELD_PATTERNS) {
    q.consume(words(source), () => {
      addField(draft, field);
      return true;
    });
  }
  // "when does X air": the question words and the verb sit on both sides of the title.
  const when = words('when\\s+(?:does|did|will|do|is|was|are)');
  const verb = words('(?:start\\s+)?(?:air(?:s|ed|ing)?|come\\s+out|came\\s+out|coming\\s+out|release(?:d|s)?|premiere(?:d|s)?|start(?:s|ed)?(?:\\s+airing)?|begin|end(?:s|ed)?|finish(?:es|ed)?|broadcast)(?:\\s+(?:again|next))?');
  if (q.has(when) && q.has(verb)) {
    q.consume(when, () => true);
    q.consume(verb, () => true);
    addField(draft, 'airing');
  }
}

// ---------------------------------------------------------------------------------------------
// Schedule words and streaming services.

let streamingServicesPattern: string | undefined;

/** "what airs on Crunchyroll", "airing schedule", "on Netflix". */
export function extractScheduleWords(q: QueryText, draft: PlanDraft): void {
  const services = (streamingServicesPattern ??= alternation(STREAMING_SERVICES.flatMap((s) => s.aliases)));
  q.consume(words(`(?:(?:on|via|from|at|with|using|through|to)\\s+)?(${services})`), (m) => {
    const name = streamingServiceOf(m[1] ?? '');
    if (!name) return false;
    draft.streaming.add(name);
    return true;
  });
  q.consume(
    words(
      "(?:the\\s+)?(?:airing\\s+|broadcast\\s+|release\\s+|simulcast\\s+|weekly\\s+)?schedule(?:\\s+(?:for|of))?|simulcasts?|what(?:'s|’s|\\s+is)\\s+on\\s+tv|on\\s+tv|(?:what|which)(?:\\s+(?:anime|animes|shows?|series|episodes?))?\\s+(?:airs?|is\\s+airing|are\\s+airing|comes?\\s+out|releases?|premieres?|is\\s+on|are\\s+on)|airs|airing|new\\s+episodes?|episodes?\\s+(?:out|released|airing)|premieres?|premiering|broadcasts?|broadcasting",
    ),
    () => {
      draft.scheduleAsked = true;
      return true;
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Sources, studios, types.

/** "from MAL", "on Anime-Planet", "according to LiveChart", "kitsu rating", "what LiveChart says about". */
export function extractSources(q: QueryText, draft: PlanDraft): void {
  const all = platformPattern(true);
  const add = (written: string): boolean => {
    const platform = platformOf(written);
    if (!platform) return false;
    draft.sources.add(platform);
    draft.note(`source: ${platform}`);
    return true;
  };
  // "what LiveChart says about Frieren": that source's overview of the anime.
  q.consume(words(`what\\s+(?:does\\s+|do\\s+)?(${all})\\s+says?\\s+about`), (m) => {
    if (!add(m[1] ?? '')) return false;
    for (const field of ['synopsis', 'rating', 'episodes'] as const) addField(draft, field);
    return true;
  });
  q.consume(
    words(
      `(?:according\\s+to|based\\s+on|from|on|per|via|using|use|at|in|with|by|off|over\\s+at)\\s+(?:the\\s+)?(${all})(?:['’]s)?(?:\\s+(?:data|info|information|site|website|page|entry|database|list))?`,
    ),
    (m) => add(m[1] ?? ''),
  );
  q.consume(words(`(${all})(?:['’]s)?\\s+(?:ratings?|scores?|rankings?|ranks?)`), (m) => {
    addField(draft, 'rating');
    return add(m[1] ?? '');
  });
  q.consume(words(`(${platformPattern(false)})(?:['’]s)?(?:\\s+(?:data|info|only))?`), (m) => add(m[1] ?? ''));
}

/** "by Kyoto Animation or Bones", "from studio MAPPA", "made by Madhouse", "not by Toei". */
export function extractStudios(q: QueryText, draft: PlanDraft): void {
  if (!q.mentions(STUDIO_CUES)) return;
  const all = studioPattern(true);
  const list = (names: string): string => `((?:${names})(?:\\s*(?:,\\s*(?:or|and)?|or|and|&|/)\\s*(?:studio\\s+)?(?:${names}))*)`;
  const namesIn = (written: string): string[] =>
    written
      .split(/\s*(?:,|\bor\b|\band\b|&|\/)\s*/iu)
      .map((part) => part.replace(/^studio\s+/iu, '').trim())
      .flatMap((part) => [...(studioNamesOf(part) ?? [])]);
  const addTo = (set: Set<string>, written: string, label: string): boolean => {
    const names = namesIn(written);
    if (names.length === 0) return false;
    names.forEach((n) => set.add(n));
    draft.note(`${label}: ${names.join(', ')}`);
    return true;
  };
  q.consume(
    words(
      `(?:not|never)\\s+(?:made\\s+|animated\\s+|produced\\s+)?by\\s+(?:(?:the\\s+)?studios?\\s+)?${list(all)}|(?:(?:but\\s+)?(?:no|without|except|excluding|exclude))\\s+(?:studio\\s+)?${list(all)}(?:\\s+(?:anime|stuff|shows|works))?`,
    ),
    (m) => addTo(draft.studiosNone, m[1] ?? m[2] ?? '', 'not by studio'),
  );
  q.consume(
    words(
      `(?:(?:made|animated|produced|done|created|drawn)\\s+(?:by|at)|by|from)\\s+(?:(?:the\\s+)?studios?\\s+)?${list(all)}(?:\\s+studios?)?|studios?\\s+${list(all)}|${list(all)}\\s+studios?`,
    ),
    (m) => addTo(draft.studiosAny, m[1] ?? m[2] ?? m[3] ?? '', 'studio'),
  );
  q.consume(words(`${list(studioPattern(false))}(?:['’]s)?(?:\\s+(?:anime|shows|works|productions))?`), (m) => addTo(draft.studiosAny, m[1] ?? '', 'studio'));
  // An unknown studio named explicitly ("by studio Bind", "from Studio Colorido").
  q.consume(/(?<![\p{L}\p{N}])(?:(?:by|from)\s+)?[Ss]tudio\s+(\p{Lu}[\p{L}\p{N}.'’-]*(?:\s+\p{Lu}[\p{L}\p{N}.'’-]*){0,2})/gu, (m) => {
    const name = (m[1] ?? '').toLowerCase();
    const known = studioNamesOf(`studio ${name}`) ?? studioNamesOf(name);
    const names = known ? [...known] : [`studio ${name}`];
    names.forEach((n) => draft.studiosAny.add(n));
    draft.note(`studio: ${names.join(', ')}`);
    return true;
  });
}

const TYPE_WORDS: ReadonlyArray<readonly [AnimeType, string, string]> = [
  ['SPECIAL', 'specials', '(?:tv\\s+)?specials|special\\s+episodes?|tv\\s+special'],
  ['ONA', 'ONA', 'onas?|web[\\s-](?:series|anime|shows?)|net\\s+anime'],
  ['OVA', 'OVA', 'ovas?|oavs?|oads?'],
  ['MOVIE', 'movies', '(?:feature[\\s-]+length\\s+|feature\\s+|anime\\s+|theatrical\\s+)?(?:movies?|films?)|feature[\\s-]length'],
  [
    'TV',
    'TV',
    '(?:anime\\s+)?tv\\s+(?:series|shows?|anime)|television(?:\\s+(?:series|shows?))?|anime\\s+series|tv|series(?!\\s*:)|shows|(?<!^\\s*)show(?!\\s+(?:me|us|them|you|some|all|off|by|up))',
  ],
];

/** "movies", "TV series", "OVA", "no movies". */
export function extractTypes(q: QueryText, draft: PlanDraft): void {
  q.consume(words('short\\s+(?:films?|movies?)'), () => {
    draft.types.add('MOVIE');
    draft.narrowDuration({ max: 40 }, 'short films (≤ 40 min)');
    return true;
  }, NOUN_BOUNDARY);
  for (const [type, label, source] of TYPE_WORDS) {
    q.consume(
      words(`(?:(?:but|and)\\s+)?(?:no|not|without|except|excluding|exclude|other\\s+than|skip(?:ping)?)\\s+(?:the\\s+|any\\s+)?(?:${source})|non-(?:${source})`),
      () => {
        draft.excludedTypes.add(type);
        draft.note(`no ${label}`);
        return true;
      },
    );
    q.consume(
      words(source),
      () => {
        draft.types.add(type);
        draft.note(label);
        return true;
      },
      NOUN_BOUNDARY,
    );
  }
}
