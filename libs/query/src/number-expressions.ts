import { MOOD_ALIASES, SHAPE_DESCRIPTORS } from './mood-tags';
import { rangeLabel, type PlanDraft } from './plan-draft';
import { bare, L, R, regex, tokens, words, type QueryText } from './query-text';
import { COUNT, parseCount } from './time-expressions';

const N = '(\\d{1,4})';
const EPISODES = '(?:episodes?|eps?\\.?)';
const MINUTES = '(?:minutes?|mins?\\.?|m)';
const PER_EPISODE = '(?:\\s*(?:per|an?|each|/)\\s*(?:episode|ep))';

/** Episode counts and per-episode durations ("under 20 episodes", "single cour", "short episodes"). */
export function extractEpisodesAndDuration(q: QueryText, draft: PlanDraft): void {
  const eps = (min: number | undefined, max: number | undefined): boolean => {
    const range = { ...(min !== undefined ? { min: Math.max(0, min) } : {}), ...(max !== undefined ? { max: Math.max(0, max) } : {}) };
    draft.narrowEpisodes(range, rangeLabel(range, 'episodes'));
    return true;
  };
  const minutes = (min: number | undefined, max: number | undefined): boolean => {
    const range = { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
    draft.narrowDuration(range, rangeLabel(range, 'min/episode'));
    return true;
  };

  // Durations first: "episodes under 10 minutes" names episodes too.
  q.consume(
    words(
      `(?:(?:with\\s+)?episodes?\\s+)?(?:under|less\\s+than|shorter\\s+than|below|at\\s+most|up\\s+to|max(?:imum)?|<)\\s*${N}\\s*${MINUTES}${PER_EPISODE}?(?:\\s+(?:long\\s+)?episodes?)?`,
    ),
    (m) => {
      const text = m[0].toLowerCase();
      // "under 10 minutes" alone is about episodes only when an episode word is nearby.
      if (!/episode|\bep\b/u.test(text) && !/episode/u.test(q.text.toLowerCase())) return false;
      return minutes(undefined, Number(m[1]));
    },
  );
  q.consume(
    words(
      `(?:(?:with\\s+)?episodes?\\s+)?(?:over|more\\s+than|longer\\s+than|above|at\\s+least|min(?:imum)?|>)\\s*${N}\\s*${MINUTES}${PER_EPISODE}?(?:\\s+(?:long\\s+)?episodes?)?`,
    ),
    (m) => {
      if (!/episode|\bep\b/u.test(m[0].toLowerCase()) && !/episode/u.test(q.text.toLowerCase())) return false;
      return minutes(Number(m[1]), undefined);
    },
  );
  q.consume(words(`${N}[\\s-]*${MINUTES}(?:ute)?[\\s-]+(?:long\\s+)?episodes?`), (m) => minutes(undefined, Number(m[1])));
  q.consume(words(`(?:under|less\\s+than|shorter\\s+than)\\s+(an?|one|two|three|\\d)\\s+hours?`), (m) => minutes(undefined, (parseCount(m[1] ?? '') ?? 1) * 60));
  q.consume(words(`short\\s+(?:episodes?|eps)|(?:episodes?|eps)\\s+(?:that\\s+are\\s+)?short|shorts`), () => minutes(undefined, 15));
  q.consume(words(`long\\s+episodes?|full[\\s-]length\\s+episodes?`), () => minutes(20, undefined));

  // Episode counts.
  q.consume(words(`(?:between|from)\\s+${N}\\s*(?:and|to|-|–)\\s*${N}\\s*${EPISODES}|${N}\\s*(?:-|–|to)\\s*${N}\\s*${EPISODES}`), (m) => {
    const a = Number(m[1] ?? m[3]);
    const b = Number(m[2] ?? m[4]);
    return eps(Math.min(a, b), Math.max(a, b));
  });
  q.consume(words(`(?:with\\s+)?(?:under|less\\s+than|fewer\\s+than|below|<)\\s*${N}\\s*${EPISODES}`), (m) => eps(undefined, Number(m[1]) - 1));
  q.consume(
    words(`(?:with\\s+)?(?:at\\s+most|up\\s+to|no\\s+more\\s+than|max(?:imum)?(?:\\s+of)?|<=|≤)\\s*${N}\\s*${EPISODES}|${N}\\s*${EPISODES}\\s*(?:or\\s+(?:less|fewer)|max(?:imum)?|at\\s+most|tops)`),
    (m) => eps(undefined, Number(m[1] ?? m[2])),
  );
  q.consume(words(`(?:with\\s+)?(?:over|more\\s+than|above|>)\\s*${N}\\s*${EPISODES}`), (m) => eps(Number(m[1]) + 1, undefined));
  q.consume(
    regex(
      `${L}(?:with\\s+)?(?:(?:at\\s+least|min(?:imum)?(?:\\s+of)?|>=|≥)\\s*${N}\\s*${EPISODES}|${N}\\s*(?:\\+\\s*${EPISODES}|${EPISODES}\\s*(?:or\\s+more|\\+|and\\s+up)))${R}`,
      'giu',
    ),
    (m) => eps(Number(m[1] ?? m[2] ?? m[3]), undefined),
  );
  q.consume(words(`(?:with\\s+)?(?:single|one|1)[\\s-]+cours?`), () => eps(undefined, 13));
  q.consume(words(`(?:with\\s+)?(?:two|2|double|split)[\\s-]+cours?`), () => eps(14, 26));
  q.consume(words(`(?:with\\s+)?(?:exactly\\s+|only\\s+|just\\s+)?${N}\\s*${EPISODES}(?:\\s+long)?`), (m) => {
    const n = Number(m[1]);
    return n > 0 && n < 5000 ? eps(n, n) : false;
  });
}

const SCORE = '(10(?:\\.0+)?|\\d(?:\\.\\d{1,2})?)';
const OUT_OF = '(?:\\s*(?:/\\s*10|out\\s+of\\s+10|points?|stars?))?';
/** A bare "above 2" is a score only when no other unit follows ("more than 2 seasons" is not). */
const NO_UNIT =
  '(?!\\s*(?:seasons?|years?|episodes?|eps|minutes?|mins?|hours?|days?|weeks?|months?|movies?|films?|anime|shows?|series|parts?|chapters?|volumes?|characters?|%))';

/** Score thresholds ("above 8", "at least 7.5", "highly rated", "hidden gems"). */
export function extractScore(q: QueryText, draft: PlanDraft): void {
  const atLeast = (value: number): boolean => {
    draft.narrowScore({ min: value }, `score ≥ ${value}`);
    return true;
  };
  q.consume(
    words(`(?:underrated|under-rated|hidden\\s+gems?|lesser[\\s-]known|overlooked|obscure|slept\\s+on|sleeper\\s+hits?|not\\s+(?:very\\s+)?well[\\s-]known)`),
    () => {
      draft.narrowScore({ min: 7 }, 'score ≥ 7');
      draft.note('underrated: well scored, popularity not filtered');
      draft.sort ??= 'score';
      return true;
    },
  );
  q.consume(
    words(
      `(?:(?:the\\s+)?(?:very\\s+)?(?:highly|high|well|best|top|highest)[\\s-]+(?:rated|scored|ranked|reviewed)|(?:critically\\s+)?acclaimed|masterpieces?|must[\\s-]+(?:watch(?:es)?|sees?)|(?:the\\s+)?(?:very\\s+)?best|greatest|(?:of\\s+)?all[\\s-]+time\\s+greats?)`,
    ),
    () => {
      draft.narrowScore({ min: 8 }, 'score ≥ 8');
      draft.sort = 'score';
      return true;
    },
  );
  q.consume(words('(?:of\\s+)?all[\\s-]+time|ever\\s+made'), () => {
    draft.narrowScore({ min: 8 }, 'score ≥ 8');
    draft.sort = 'score';
    return true;
  });
  const CONTEXT = '(?:(?:with\\s+)?(?:an?\\s+)?(?:(?:mal|average|overall|aggregate)\\s+)?(?:score|rating|rated|scored|scoring)\\s*(?:of\\s+)?)';
  q.consume(
    words(`${CONTEXT}?(?:above|over|more\\s+than|greater\\s+than|higher\\s+than|better\\s+than|at\\s+least|min(?:imum)?(?:\\s+of)?|no\\s+less\\s+than|>=?|≥)\\s*${SCORE}${OUT_OF}${R}${NO_UNIT}`),
    (m) => atLeast(Number(m[1])),
  );
  q.consume(
    regex(
      `${L}${CONTEXT}${SCORE}${OUT_OF}\\s*(?:\\+|or\\s+(?:more|higher|above|better)|and\\s+(?:up|above|higher))(?!\\p{L})|${L}${SCORE}\\s*(?:\\+|/10\\+?)\\s*(?:score|rating|rated)${R}`,
      'giu',
    ),
    (m) => atLeast(Number(m[1] ?? m[2])),
  );
  q.consume(
    words(`${CONTEXT}(?:below|under|less\\s+than|lower\\s+than|at\\s+most|no\\s+more\\s+than|<=?|≤)\\s*${SCORE}${OUT_OF}`),
    (m) => {
      draft.narrowScore({ max: Number(m[1]) }, `score ≤ ${Number(m[1])}`);
      return true;
    },
  );
}

/** Words that may stand between a count and its noun ("5 dark psychological anime"). */
function isDescriptorWord(word: string): boolean {
  return word in MOOD_ALIASES || word in SHAPE_DESCRIPTORS || ['good', 'great', 'more', 'other', 'similar', 'new', 'tv', 'random', 'really', 'very', 'short', 'long'].includes(word);
}

const COUNT_NOUNS =
  '(?:anime|animes|shows?|series|movies?|films?|titles?|recommendations?|suggestions?|picks?|results?|ones|options?|entries|things|examples|ovas?|onas?|specials|cartoons|more)';

/** How many results ("top 5", "give me 10", "3 movies", "a few"), and sort words. */
export function extractCountAndSort(q: QueryText, draft: PlanDraft): void {
  const setLimit = (n: number | undefined, label: string): boolean => {
    if (n === undefined || n < 1) return false;
    draft.limit = Math.min(n, 100);
    if (n > 100) draft.note('at most 100 results');
    draft.note(label);
    return true;
  };
  q.consume(words(`(?:the\\s+)?(?:top|best)[\\s-]*${COUNT}`), (m) => {
    draft.topN = true;
    return setLimit(parseCount(m[1] ?? ''), `top ${parseCount(m[1] ?? '')}`);
  });
  // "top anime of 2019": the best first, however many.
  q.consume(words(`(?:the\\s+)?top(?=\\s+(?:anime|animes|shows|series|movies|films|ovas|onas|titles|picks)${R})`), () => {
    draft.topN = true;
    draft.note('top (by score)');
    return true;
  });
  q.consume(
    words(`(?:give\\s+me|limit(?:\\s+(?:it|them|results|that|this))?(?:\\s+to)?|max(?:imum)?(?:\\s+of)?|at\\s+most|no\\s+more\\s+than|up\\s+to)\\s+${COUNT}(?:\\s+(?:results|answers|items|entries))?`),
    (m) => setLimit(parseCount(m[1] ?? ''), `${parseCount(m[1] ?? '')} results`),
  );
  // "5 dark anime", "three movies like X": the count must be followed by a noun, possibly after descriptors.
  const noun = new RegExp(`^${COUNT_NOUNS}$`, 'iu');
  q.consume(regex(`${L}${COUNT}(?=\\s)`, 'giu'), (m) => {
    const n = parseCount(m[1] ?? '');
    if (n === undefined || n > 50) return false;
    for (const token of tokens(m.input.slice(m.index + m[0].length, m.index + m[0].length + 120)).slice(0, 4)) {
      const word = bare(token);
      if (noun.test(word)) return setLimit(n, `${n} results`);
      if (!isDescriptorWord(word)) return false;
    }
    return false;
  });
  q.consume(words(`a\\s+few(?:\\s+(?:more|good|great))?(?!\\s+(?:years?|episodes?|minutes?|days?|weeks?|seasons?|months?))`), () => setLimit(5, 'a few (5)'));

  q.consume(words(`(?:sort(?:ed)?|order(?:ed)?|rank(?:ed)?)\\s+by\\s+(?:the\\s+)?(?:score|rating|ratings)|highest[\\s-]+(?:rated|scored)\\s+first|best\\s+first`), () => {
    draft.sort = 'score';
    draft.note('sorted by score');
    return true;
  });
  q.consume(words(`(?:sort(?:ed)?|order(?:ed)?)\\s+by\\s+(?:year|date|release(?:\\s+date)?)|newest(?:\\s+first)?|most\\s+recent(?:\\s+first)?|latest\\s+first`), () => {
    draft.sort = 'year';
    draft.note('newest first');
    return true;
  });
  q.consume(words(`(?:sort(?:ed)?|order(?:ed)?)\\s+(?:by\\s+)?(?:title|name)|alphabetical(?:ly)?|a\\s*-\\s*z`), () => {
    draft.sort = 'title';
    draft.note('sorted by title');
    return true;
  });
  q.consume(words(`(?:the\\s+)?most\\s+popular|popular|well[\\s-]known|famous`), () => {
    draft.sort ??= 'score';
    draft.note('popular: sorted by score (popularity is not in the catalog)');
    return true;
  });
}

/** Statuses ("finished", "currently airing", "upcoming"). */
export function extractStatus(q: QueryText, draft: PlanDraft): void {
  q.consume(words(`(?:already\\s+)?(?:finished|completed|complete|ended)(?:\\s+airing)?`), () => {
    draft.statuses.add('FINISHED');
    draft.note('finished');
    return true;
  });
  q.consume(words(`(?:currently|still|now)\\s+(?:airing|running|ongoing)|airing\\s+(?:now|currently|right\\s+now)|ongoing|on-?going|simulcasting`), () => {
    draft.statuses.add('ONGOING');
    draft.note('airing now');
    return true;
  });
  q.consume(words(`upcoming|unreleased|not\\s+yet\\s+(?:aired|released|out)|announced|coming\\s+soon`), () => {
    draft.statuses.add('UPCOMING');
    draft.note('upcoming');
    return true;
  });
}
