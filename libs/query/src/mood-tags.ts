/** Tags a mood asks for: every `all` tag, at least one `any` tag, no `none` tag. */
export interface MoodTags {
  any?: string[];
  all?: string[];
  none?: string[];
}

/**
 * The curated mood/genre → tag map, over the dataset's real tag vocabulary (a spec checks every
 * tag against the release). Genres with one canonical tag use `all`, so "romance comedy" asks
 * for both; moods that several tags express ("dark", "sad") use `any`; a mood that rules things
 * out ("cozy" is never gory) adds `none`, which an explicitly wanted tag overrides.
 */
export const MOOD_TAGS: Readonly<Record<string, MoodTags>> = Object.freeze({
  // Moods
  dark: { any: ['psychological', 'dark fantasy', 'horror', 'angst', 'dystopia', 'rotten world', 'gore', 'tragedy'] },
  cozy: { any: ['slice of life', 'gourmet', 'countryside'], none: ['horror', 'gore', 'violence'] },
  'mind-bending': { any: ['psychological', 'dementia', 'avant garde', 'time travel', 'parallel universe'] },
  sad: { all: ['drama'], any: ['angst', 'tragedy', 'parental abandonment', 'unrequited love', 'disaster'] },
  funny: { all: ['comedy'] },
  romantic: { all: ['romance'] },
  scary: { any: ['horror', 'suspense', 'ghost', 'thriller'] },
  violent: { any: ['violence', 'gore'] },
  gory: { any: ['gore', 'violence'] },
  gore: { all: ['gore'] },
  epic: { any: ['high fantasy', 'space opera', 'war', 'adventure', 'military', 'feudal warfare'] },
  chill: { any: ['slice of life', 'countryside', 'gourmet'], none: ['violence', 'gore', 'horror', 'thriller'] },
  'feel-good': { any: ['slice of life', 'comedy', 'friendship', 'coming of age'], none: ['tragedy', 'gore', 'horror'] },
  'action-packed': { all: ['action'], any: ['martial arts', 'super power', 'swordplay', 'gunfights', 'combat', 'military'] },
  // Genres and themes
  action: { all: ['action'] },
  adventure: { all: ['adventure'] },
  comedy: { all: ['comedy'] },
  'romantic comedy': { all: ['romance', 'comedy'] },
  romance: { all: ['romance'] },
  drama: { all: ['drama'] },
  fantasy: { all: ['fantasy'] },
  'dark fantasy': { all: ['dark fantasy'] },
  'sci-fi': { any: ['sci-fi', 'science fiction'] },
  horror: { all: ['horror'] },
  psychological: { all: ['psychological'] },
  mystery: { any: ['mystery', 'detective'] },
  detective: { any: ['detective', 'police', 'cops'] },
  thriller: { any: ['thriller', 'suspense'] },
  supernatural: { all: ['supernatural'] },
  'slice of life': { all: ['slice of life'] },
  school: { any: ['school', 'school life', 'high school', 'school clubs', 'middle school', 'all girls school'] },
  sports: {
    any: ['sports', 'baseball', 'basketball', 'soccer', 'volleyball', 'tennis', 'boxing', 'cycling', 'wrestling', 'motorsport'],
  },
  music: { any: ['music', 'musical band', 'performance'] },
  idol: { all: ['idol'] },
  mecha: { any: ['mecha', 'piloted robot', 'super robot'] },
  isekai: { all: ['isekai'] },
  magic: { any: ['magic', 'mahou shoujo', 'magical girl'] },
  'magical girl': { any: ['mahou shoujo', 'magical girl'] },
  space: { any: ['space', 'space travel', 'space opera', 'space battles', 'other planet'] },
  'space opera': { all: ['space opera'] },
  cyberpunk: { any: ['cyberpunk', 'cyborg'] },
  samurai: { all: ['samurai'] },
  ninja: { all: ['ninja'] },
  vampire: { all: ['vampire'] },
  zombies: { any: ['zombie', 'zombies'] },
  cooking: { any: ['cooking', 'gourmet', 'food'] },
  historical: { all: ['historical'] },
  military: { any: ['military', 'war'] },
  'martial arts': { all: ['martial arts'] },
  'super power': { any: ['super power', 'superhero'] },
  'post-apocalyptic': { any: ['post apocalypse', 'dystopia', 'rotten world'] },
  'time travel': { all: ['time travel'] },
  demons: { any: ['demon', 'demons'] },
  dragons: { all: ['dragon'] },
  ghosts: { all: ['ghost'] },
  aliens: { any: ['alien', 'humanoid alien'] },
  pirates: { all: ['pirate'] },
  steampunk: { all: ['steampunk'] },
  'battle royale': { all: ['battle royale'] },
  revenge: { all: ['revenge'] },
  crime: { any: ['crime', 'mafia'] },
  racing: { any: ['racing', 'motorsport', 'cars', 'street racing', 'formula racing', 'drifting'] },
  'video games': { any: ['game', 'virtual reality'] },
  'virtual reality': { all: ['virtual reality'] },
  workplace: { any: ['workplace', 'working life', 'office lady'] },
  medical: { all: ['medical'] },
  political: { any: ['politics', 'political'] },
  'coming of age': { all: ['coming of age'] },
  'love triangle': { all: ['love polygon'] },
  harem: { all: ['harem'] },
  'reverse harem': { all: ['reverse harem'] },
  ecchi: { all: ['ecchi'] },
  'boys love': { any: ['boys love', 'shounen ai', 'yaoi'] },
  'girls love': { any: ['girls love', 'shoujo ai', 'yuri'] },
  parody: { any: ['parody', 'satire'] },
  kids: { all: ['kids'] },
  'award winning': { all: ['award winning'] },
  'avant garde': { all: ['avant garde'] },
  shounen: { all: ['shounen'] },
  seinen: { all: ['seinen'] },
  shoujo: { all: ['shoujo'] },
  josei: { all: ['josei'] },
});

/**
 * Every phrase a user may write for a mood, → its MOOD_TAGS key. Plurals and spellings are
 * listed rather than guessed: a stemmer would turn "Zombieland" or "Magi" into moods.
 */
export const MOOD_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  dark: 'dark', darker: 'dark', grim: 'dark', bleak: 'dark', gritty: 'dark', edgy: 'dark', 'dark-themed': 'dark', disturbing: 'dark',
  cozy: 'cozy', cozier: 'cozy', cosy: 'cozy', comfy: 'cozy', wholesome: 'cozy', heartwarming: 'cozy', 'heart-warming': 'cozy',
  iyashikei: 'cozy', healing: 'cozy', cute: 'cozy', adorable: 'cozy', comforting: 'cozy',
  psychological: 'psychological', psych: 'psychological',
  'mind-bending': 'mind-bending', mindbending: 'mind-bending', 'mind-blowing': 'mind-bending', 'mind-fuck': 'mind-bending',
  mindfuck: 'mind-bending', trippy: 'mind-bending', surreal: 'mind-bending', weird: 'mind-bending',
  bizarre: 'mind-bending', confusing: 'mind-bending', 'mind games': 'mind-bending', 'thought-provoking': 'mind-bending',
  sad: 'sad', sadder: 'sad', tearjerker: 'sad', tearjerkers: 'sad', 'tear-jerker': 'sad', 'tear-jerkers': 'sad', emotional: 'sad',
  heartbreaking: 'sad', depressing: 'sad', tragic: 'sad', melancholic: 'sad', melancholy: 'sad', bittersweet: 'sad',
  'make me cry': 'sad', 'makes me cry': 'sad', 'made me cry': 'sad',
  funny: 'funny', funnier: 'funny', hilarious: 'funny', comedic: 'funny', humorous: 'funny', silly: 'funny', goofy: 'funny',
  romantic: 'romantic', 'lovey-dovey': 'romantic', 'more romantic': 'romantic', 'love story': 'romantic', 'love stories': 'romantic',
  scary: 'scary', scarier: 'scary', creepier: 'scary', creepy: 'scary', spooky: 'scary', terrifying: 'scary', frightening: 'scary', eerie: 'scary',
  unsettling: 'scary',
  violent: 'violent', violence: 'violent', brutal: 'violent',
  gory: 'gory', gorier: 'gory', bloody: 'gory', splatter: 'gory', gruesome: 'gory', gore: 'gore',
  epic: 'epic', grand: 'epic', 'large-scale': 'epic', sweeping: 'epic',
  chill: 'chill', chiller: 'chill', chilled: 'chill', relaxing: 'chill', relaxed: 'chill', calm: 'chill', 'laid-back': 'chill',
  soothing: 'chill', peaceful: 'chill', 'slow-paced': 'chill', 'low-key': 'chill', easygoing: 'chill',
  'feel-good': 'feel-good', 'feel good': 'feel-good', uplifting: 'feel-good', lighter: 'feel-good', happy: 'feel-good', cheerful: 'feel-good',
  lighthearted: 'feel-good', 'light-hearted': 'feel-good', optimistic: 'feel-good', 'heart warming': 'cozy',
  'action-packed': 'action-packed', 'high-octane': 'action-packed', hype: 'action-packed', exciting: 'action-packed',
  'fight-heavy': 'action-packed', 'lots of fights': 'action-packed', 'lots of action': 'action-packed',
  fights: 'action-packed', 'fight scenes': 'action-packed', battles: 'action-packed', fighting: 'action',
  action: 'action',
  adventure: 'adventure', adventures: 'adventure', adventurous: 'adventure',
  comedy: 'comedy', comedies: 'comedy',
  'rom-com': 'romantic comedy', romcom: 'romantic comedy', 'rom-coms': 'romantic comedy', romcoms: 'romantic comedy',
  'romantic comedy': 'romantic comedy', 'romantic comedies': 'romantic comedy',
  romance: 'romance', romances: 'romance',
  drama: 'drama', dramas: 'drama', dramatic: 'drama',
  fantasy: 'fantasy',
  'dark fantasy': 'dark fantasy',
  'sci-fi': 'sci-fi', scifi: 'sci-fi', 'science fiction': 'sci-fi', 'science-fiction': 'sci-fi',
  horror: 'horror',
  mystery: 'mystery', mysteries: 'mystery', mysterious: 'mystery', whodunit: 'mystery', whodunits: 'mystery',
  detective: 'detective', detectives: 'detective', police: 'detective', cops: 'detective',
  thriller: 'thriller', thrillers: 'thriller', suspense: 'thriller', suspenseful: 'thriller', tense: 'thriller',
  'nail-biting': 'thriller',
  supernatural: 'supernatural', paranormal: 'supernatural', occult: 'supernatural',
  'slice of life': 'slice of life', 'slice-of-life': 'slice of life', 'everyday life': 'slice of life',
  'daily life': 'slice of life',
  school: 'school', 'high school': 'school', highschool: 'school', 'school life': 'school', schools: 'school',
  'school setting': 'school', academy: 'school', academies: 'school',
  sports: 'sports', sport: 'sports', sporty: 'sports', athletic: 'sports',
  music: 'music', musical: 'music', musicals: 'music', band: 'music', bands: 'music',
  idol: 'idol', idols: 'idol',
  mecha: 'mecha', mechas: 'mecha', mech: 'mecha', mechs: 'mecha', 'giant robot': 'mecha', 'giant robots': 'mecha',
  robots: 'mecha',
  isekai: 'isekai', 'another world': 'isekai', 'transported to another world': 'isekai',
  'reincarnated in another world': 'isekai', 'trapped in another world': 'isekai',
  magic: 'magic', magical: 'magic', wizards: 'magic', witches: 'magic', sorcery: 'magic', spells: 'magic',
  'magical girl': 'magical girl', 'magical girls': 'magical girl', 'mahou shoujo': 'magical girl',
  space: 'space', 'outer space': 'space', spaceships: 'space', spaceship: 'space', astronauts: 'space',
  'space opera': 'space opera',
  cyberpunk: 'cyberpunk',
  samurai: 'samurai',
  ninja: 'ninja', ninjas: 'ninja',
  vampire: 'vampire', vampires: 'vampire',
  zombie: 'zombies', zombies: 'zombies',
  cooking: 'cooking', food: 'cooking', foodie: 'cooking', gourmet: 'cooking', cuisine: 'cooking', chefs: 'cooking',
  chef: 'cooking',
  historical: 'historical', history: 'historical', 'period piece': 'historical', 'period pieces': 'historical',
  'feudal japan': 'historical',
  military: 'military', war: 'military',
  'martial arts': 'martial arts', 'kung fu': 'martial arts',
  superpowers: 'super power', 'super powers': 'super power', superpower: 'super power', 'super power': 'super power',
  superhero: 'super power', superheroes: 'super power', 'super hero': 'super power', 'super heroes': 'super power',
  'post-apocalyptic': 'post-apocalyptic', postapocalyptic: 'post-apocalyptic', apocalypse: 'post-apocalyptic',
  apocalyptic: 'post-apocalyptic', dystopian: 'post-apocalyptic', dystopia: 'post-apocalyptic',
  'time travel': 'time travel', 'time loop': 'time travel', 'time loops': 'time travel',
  demons: 'demons',
  dragons: 'dragons',
  ghosts: 'ghosts',
  aliens: 'aliens',
  pirates: 'pirates',
  steampunk: 'steampunk',
  'battle royale': 'battle royale', 'death game': 'battle royale', 'death games': 'battle royale',
  survival: 'battle royale',
  revenge: 'revenge', vengeance: 'revenge',
  crime: 'crime', mafia: 'crime', yakuza: 'crime', gangsters: 'crime',
  racing: 'racing', cars: 'racing', 'car racing': 'racing', motorsport: 'racing', motorsports: 'racing',
  'video games': 'video games', 'video game': 'video games', gaming: 'video games',
  'virtual reality': 'virtual reality',
  workplace: 'workplace', office: 'workplace', 'working adults': 'workplace', 'work life': 'workplace',
  medical: 'medical', doctors: 'medical', hospital: 'medical',
  political: 'political', politics: 'political',
  'coming of age': 'coming of age', 'coming-of-age': 'coming of age',
  'love triangle': 'love triangle', 'love triangles': 'love triangle',
  harem: 'harem',
  'reverse harem': 'reverse harem',
  ecchi: 'ecchi', 'fan service': 'ecchi', fanservice: 'ecchi', 'fan-service': 'ecchi', lewd: 'ecchi',
  bl: 'boys love', 'boys love': 'boys love', "boys' love": 'boys love', yaoi: 'boys love', 'shounen ai': 'boys love',
  'shonen ai': 'boys love',
  yuri: 'girls love', 'girls love': 'girls love', "girls' love": 'girls love', 'shoujo ai': 'girls love',
  'shojo ai': 'girls love',
  parody: 'parody', parodies: 'parody', satire: 'parody', satirical: 'parody', spoof: 'parody',
  kids: 'kids', children: 'kids', 'family friendly': 'kids', 'family-friendly': 'kids', 'kid-friendly': 'kids',
  'award-winning': 'award winning',
  'avant-garde': 'avant garde', experimental: 'avant garde', artsy: 'avant garde', arthouse: 'avant garde',
  shounen: 'shounen', shonen: 'shounen',
  seinen: 'seinen',
  shoujo: 'shoujo', shojo: 'shoujo',
  josei: 'josei',
});

/**
 * Adjective moods: alone, they read as a title as easily as a mood ("Dark", "Happy"), so a query
 * that is only one of them is answered as a mood with a clarification.
 */
export const ADJECTIVE_MOODS: ReadonlySet<string> = new Set([
  'dark', 'cozy', 'mind-bending', 'sad', 'funny', 'romantic', 'scary', 'violent', 'gory', 'epic', 'chill',
  'feel-good', 'action-packed',
]);

/**
 * Single words that, typed alone, read as a title as easily as a mood ("Dark", "Happy", "New"):
 * such a query is answered as a mood, with a clarification.
 */
export const AMBIGUOUS_MOOD_WORDS: ReadonlySet<string> = new Set([
  'dark', 'grim', 'bleak', 'gritty', 'edgy', 'cozy', 'cosy', 'comfy', 'wholesome', 'cute', 'sad', 'emotional', 'tragic',
  'funny', 'silly', 'goofy', 'romantic', 'scary', 'creepy', 'spooky', 'eerie', 'violent', 'brutal', 'gory', 'bloody',
  'epic', 'grand', 'chill', 'calm', 'peaceful', 'relaxing', 'happy', 'cheerful', 'uplifting', 'weird', 'surreal',
  'bizarre', 'exciting', 'short', 'long', 'new', 'recent', 'old', 'classic', 'modern', 'latest',
]);

/** Descriptors that set episodes or years instead of tags ("a short series", "something recent"). */
export const SHAPE_DESCRIPTORS: Readonly<Record<string, 'short' | 'long' | 'recent' | 'old'>> = Object.freeze({
  short: 'short', shorter: 'short', quick: 'short', bingeable: 'short', 'binge-able': 'short',
  long: 'long', longer: 'long', lengthy: 'long', 'long-running': 'long', 'long running': 'long',
  recent: 'recent', new: 'recent', newer: 'recent', latest: 'recent', modern: 'recent', 'brand new': 'recent',
  'recently released': 'recent',
  old: 'old', older: 'old', classic: 'old', classics: 'old', retro: 'old', vintage: 'old', 'old-school': 'old',
});

/** The tags a phrase negates ("no gore" → gore, "not too violent" → violence, gore). */
export function negatedTags(key: string): string[] {
  const mood = MOOD_TAGS[key];
  return mood ? [...(mood.all ?? []), ...(mood.any ?? [])] : [];
}

/** The MOOD_ALIASES key of a phrase as written ("Fan-Service", "slice  of life"). */
export function moodKeyOf(written: string): string | undefined {
  const lower = written.toLowerCase().trim();
  const variants = [lower, lower.replace(/[\s-]+/gu, ' '), lower.replace(/[\s-]+/gu, '-'), lower.replace(/[\s-]+/gu, '')];
  for (const v of variants) {
    const key = MOOD_ALIASES[v];
    if (key) return key;
  }
  return undefined;
}

/** The SHAPE_DESCRIPTORS value of a phrase as written. */
export function shapeOf(written: string): 'short' | 'long' | 'recent' | 'old' | undefined {
  const lower = written.toLowerCase().trim();
  return SHAPE_DESCRIPTORS[lower] ?? SHAPE_DESCRIPTORS[lower.replace(/[\s-]+/gu, ' ')] ?? SHAPE_DESCRIPTORS[lower.replace(/[\s-]+/gu, '-')];
}
