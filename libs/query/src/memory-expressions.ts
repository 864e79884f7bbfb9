import { extractYearHint, type YearHint } from './year-hint';

/** A question that describes a remembered story rather than naming a title or filters. */
export interface MemoryQuestion {
  /** The remembered story, without the lead ("I remember an anime where") and the year. */
  description: string;
  /** A rough year read from the question ("2010ish"): a soft preference, never a filter. */
  yearHint?: YearHint;
  /** Which lead was recognised (for `understood` and the trace). */
  lead: string;
}

const NOUN = String.raw`(?:anime|animes|show|series|movie|film|ova|cartoon|manga|title|thing)`;
const DET = String.raw`(?:an?|the|this|that|some|one|1)`;
/** Relative words that on their own make "anime <rel> …" a description ("anime where the mc …"). */
const STRONG_REL = String.raw`where|wherein|in\s+which|whose|when`;
/** Relative words that also introduce filters ("anime with the highest score", "about cooking"). */
const WEAK_REL = String.raw`about|with|that|which|who|featuring|of`;
const REL = String.raw`(?<rel>${STRONG_REL}|${WEAK_REL})`;
const FILLERS = String.raw`(?:(?:hey|hi|hello|ok|okay|so|um+|uh+|hmm+|pls|please|yo|guys|help)[,!.]?\s+)*`;
/** Words between the determiner and the noun: "an old anime", "this weird show", "that one anime". */
const ADJ = String.raw`(?:(?!(?:best|top|good|great|greatest|popular|recommended|favou?rite|worst|new|newest|latest|similar|find|recommend|suggest|give|show|list|search|get|need|want|watch|more|other|any)\s)[\p{L}'-]+\s+){0,2}?`;
/** "I remember (watching) an (old) anime where": the lead up to the relative word, if any. */
const ABOUT_THE_ANIME = String.raw`(?:${DET}\s+${ADJ}${NOUN}\s+(?:(?:i|we)\s+(?:saw|watched)\s+(?:[\p{L}'-]+\s+){0,3}?)?(?:${REL}\s+)?)`;

interface Lead {
  name: string;
  pattern: RegExp;
  /** Unless the relative word is strong, the description must read as a clause (see `readsAsStory`). */
  needsStory: boolean;
}

const lead = (name: string, body: string, needsStory: boolean): Lead => ({ name, pattern: new RegExp(`^${FILLERS}${body}`, 'iu'), needsStory });

/** Leads in the order they are tried; the first whose rule holds wins. */
const LEADS: readonly Lead[] = [
  // "i remember an anime where…", "i vaguely recall watching a show about…"
  lead('I remember', String.raw`i\s+(?:(?:vaguely|kinda|kind\s+of|sort\s+of|still|only|just|faintly)\s+)?(?:remember|recall)(?:ed)?\s+(?:(?:watching|seeing|reading)\s+)?${ABOUT_THE_ANIME}?`, false),
  // "i can't remember the name of the anime where…", "i forgot the title of this show…"
  lead("can't remember the name", String.raw`i\s+(?:can'?t|cannot|can\s+not|don'?t|do\s+not|forg[oe]t|forgotten)\s+(?:(?:remember|recall)\s+)?(?:the\s+)?(?:name|title)\s+(?:of\s+)?${ABOUT_THE_ANIME}?`, false),
  // "trying to find an anime…", "i'm trying to remember a show where…", "looking for the name of an anime where…"
  lead('trying to find', String.raw`(?:i'?m\s+|i\s+am\s+|im\s+)?(?:trying|tryna|want|wanna|need)\s+(?:to\s+)?(?:find|remember|recall|identify|figure\s+out|know)\s+(?:the\s+(?:name|title)\s+of\s+)?${ABOUT_THE_ANIME}`, true),
  lead('looking for the anime', String.raw`(?:i'?m\s+|i\s+am\s+|im\s+)?looking\s+for\s+(?:the\s+(?:name|title)\s+of\s+)?${DET}\s+${ADJ}${NOUN}\s+${REL}\s+`, true),
  // "what's the anime about a girl who…", "what was that show where…", "does anyone know the anime in which…"
  lead(
    "what's the anime",
    String.raw`(?:what(?:'s|s|\s+is|\s+was|\s+were)|which\s+(?:is|was)|do\s+you\s+know|does\s+any\s*one\s+know|any\s*one\s+know|help\s+me\s+find|can\s+you\s+(?:help\s+me\s+)?(?:find|identify)|name)\s+(?:the\s+(?:name|title)\s+of\s+)?(?:${DET}\s+)?${ADJ}${NOUN}\s+(?:(?:i|we)\s+(?:saw|watched)\s+(?:[\p{L}'-]+\s+){0,3}?)?${REL}\s+`,
    true,
  ),
  // "what anime was it where…", "what show is it with the…"
  lead('what anime was it', String.raw`(?:what|which)\s+${NOUN}\s+(?:is|was)\s+(?:it|that|this)\s+${REL}\s+`, true),
  // "there's this anime where…", "there was an old show about a boy who…"
  lead("there's an anime", String.raw`there(?:'s|s|\s+is|\s+was)\s+${DET}\s+${ADJ}${NOUN}\s+${REL}\s+`, true),
  // "the one with the…", "that one where they…"
  lead('the one with', String.raw`(?:the|that|this)\s+(?:one|1)\s+(?:${NOUN}\s+)?(?:from\s+(?:the\s+)?[\p{L}\p{N}'-]+\s+(?:[\p{L}\p{N}'-]+\s+)?)?${REL}\s+`, true),
  // "anime where the mc…", "an anime in which…", "old anime about a girl who…"
  lead('anime where', String.raw`(?:${DET}\s+)?${ADJ}${NOUN}\s+${REL}\s+`, true),
];

/** "… what's it called?", "… any ideas?": asking for the name adds nothing to the story. */
const TRAILING_ASK =
  /[\s,.;:!?-]*(?:(?:what(?:'s|s|\s+is|\s+was)\s+(?:it|the\s+name|its\s+name|the\s+title)(?:\s+called)?)|what\s+(?:is|was)\s+it\s+called|any\s+ideas?|anyone\s+know(?:\s+(?:it|the\s+name|which\s+one))?|do\s+you\s+know\s+(?:it|which\s+one|the\s+name)|pls|please|help|thanks?(?:\s+you)?)[\s?!.]*$/iu;

/** Superlatives and counts after "with": a ranking or filter ("the one with the most episodes"), not a story. */
const RANKING = /^(?:the\s+)?(?:most|highest|best|lowest|worst|fewest|least|longest|shortest|top|more\s+than|less\s+than|over|under|at\s+least|\d+)\b/iu;
/** "anime where can I watch…", "anime where to stream…": a place to watch, not a story. */
const WHERE_TO_WATCH = /^(?:can|could|do|should|to|is|are)\s+(?:i|you|we|it)?\s*(?:watch|stream|find|see)?\b/iu;

/**
 * A description after a weak relative word reads as a story when it holds a clause ("a girl
 * *who* can see ghosts", "a guy *that* finds a notebook") or is long; "about cooking", "with
 * giant robots from the 90s" stay searches by tags and filters.
 */
function readsAsStory(description: string): boolean {
  const words = description.split(/\s+/u).filter(Boolean);
  return /(?<![\p{L}\p{N}])(?:who|whose|that|which|where|when|and\s+then|gets|finds|has\s+to|turns\s+into|becomes|falls|wakes|dies|goes)(?![\p{L}\p{N}])/iu.test(description) || words.length >= 8;
}

/**
 * Recognises a memory question ("I remember an anime where…", "anime where the mc…", "the one
 * with…", "what's the anime about a girl who…", "anime in which…", "trying to find an anime…")
 * and returns the remembered story with a rough year read as a soft hint. Titles ("Re:Zero"),
 * filters ("mecha from the 90s") and similarity ("anime like Death Note") are not memories.
 */
export function readMemoryQuestion(query: string, now: Date): MemoryQuestion | undefined {
  const text = query
    .replace(/[“”„«»]/gu, '"')
    .replace(/[‘’]/gu, "'")
    .replace(/\s+/gu, ' ')
    .trim();
  for (const { name, pattern, needsStory } of LEADS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const rel = match.groups?.['rel']?.toLowerCase().replace(/\s+/gu, ' ');
    const description = text
      .slice(match[0].length)
      .replace(/[\s?!.]+$/u, '')
      .replace(TRAILING_ASK, '')
      .replace(/^[\s,:;-]+/u, '')
      .trim();
    if (description.length < 3) continue;
    if (rel === 'with' && RANKING.test(description)) continue;
    if (rel === 'where' && WHERE_TO_WATCH.test(description)) continue;
    const strong = rel !== undefined && new RegExp(`^(?:${STRONG_REL})$`, 'iu').test(rel);
    if (needsStory && !strong && !readsAsStory(description)) continue;
    // The year may sit in the lead ("the one from the 90s where…") or in the story ("…, 2010ish").
    const { hint } = extractYearHint(text, now);
    const { hint: inStory, rest } = extractYearHint(description, now);
    const story = inStory && rest.replace(/[^\p{L}\p{N}]/gu, '').length >= 3 ? rest.replace(/[\s,;:-]+$/u, '') : description;
    return { description: story, ...(hint ? { yearHint: hint } : {}), lead: name };
  }
  return undefined;
}
