import { PLATFORMS } from '@anime/contracts';

/**
 * Distribution tables of the real anime-offline-database, measured once on the 27,088 real
 * entries of `anime-mapper-2026.jsonl` (shared data, July 2026) and hard-coded here so that the
 * builder needs no data files. Weights are the observed counts; only the adjustments noted
 * beside a table differ from the measurement.
 */
import type { Weighted } from './random';

/** Types that carry episode/duration statistics (UNKNOWN entries have neither). */
export type MainType = 'TV' | 'MOVIE' | 'OVA' | 'ONA' | 'SPECIAL';

/**
 * A discrete distribution: the frequent exact values with their counts, plus a tail of rare
 * values (`tailWeight` of them) described by 11 quantile points (0 %, 10 %, …, 100 %) and drawn by
 * linear interpolation, rounded to `step`.
 */
export interface NumericDistribution {
  readonly common: Weighted<number>;
  readonly tailWeight: number;
  readonly tail: readonly number[];
  readonly step: number;
}

/** Episode counts per type, over entries with a known count (0 = unknown is decided by status). */
export const EPISODES: Readonly<Record<MainType, NumericDistribution>> = {
  TV: {
    common: [
      [4, 35], [5, 34], [6, 46], [8, 43], [10, 132], [11, 130], [12, 1844], [13, 926], [15, 41], [16, 47], [20, 100],
      [22, 58], [23, 51], [24, 284], [25, 215], [26, 1153], [30, 84], [32, 33], [36, 36], [38, 36], [39, 105],
      [40, 85], [42, 33], [48, 50], [49, 39], [50, 168], [51, 123], [52, 776], [60, 66], [78, 32], [100, 60],
      [104, 85],
    ],
    tailWeight: 1012,
    tail: [1, 21, 33, 45, 54, 66, 83, 108, 151, 250, 3000],
    step: 1,
  },
  MOVIE: {
    common: [
      [1, 4549], [2, 31], [3, 29],
    ],
    tailWeight: 39,
    tail: [4, 4, 4, 4, 5, 6, 7, 10, 12, 14, 26],
    step: 1,
  },
  OVA: {
    common: [
      [1, 1942], [2, 1054], [3, 388], [4, 291], [5, 62], [6, 154], [7, 23], [8, 22], [10, 36], [12, 26], [13, 21],
    ],
    tailWeight: 45,
    tail: [9, 9, 11, 14, 15, 16, 20, 22, 26, 32, 110],
    step: 1,
  },
  ONA: {
    common: [
      [1, 995], [2, 142], [3, 129], [4, 113], [5, 81], [6, 119], [7, 45], [8, 101], [9, 37], [10, 180], [11, 37],
      [12, 410], [13, 167], [14, 37], [15, 51], [16, 98], [18, 41], [20, 107], [24, 84], [25, 24], [26, 132],
      [30, 40], [40, 44], [48, 19], [50, 18], [52, 48], [60, 22],
    ],
    tailWeight: 314,
    tail: [17, 22, 29, 34, 41, 53, 70, 82, 103, 177, 720],
    step: 1,
  },
  SPECIAL: {
    common: [
      [1, 5485], [2, 388], [3, 175], [4, 139], [5, 53], [6, 125], [7, 55], [8, 31], [9, 37],
    ],
    tailWeight: 123,
    tail: [10, 10, 11, 12, 12, 13, 13, 15, 20, 26, 181],
    step: 1,
  },
};

export const DURATION_SECONDS: Readonly<Record<MainType, NumericDistribution>> = {
  TV: {
    common: [
      [60, 93], [120, 99], [180, 177], [240, 93], [300, 210], [420, 32], [600, 64], [660, 48], [720, 63], [780, 36],
      [900, 41], [1200, 79], [1320, 153], [1380, 989], [1440, 2109], [1500, 715], [1560, 44], [1800, 32],
    ],
    tailWeight: 162,
    tail: [360, 360, 480, 540, 540, 840, 1260, 1260, 1680, 2100, 8880],
    step: 60,
  },
  MOVIE: {
    common: [
      [60, 84], [120, 85], [180, 106], [240, 104], [300, 105], [360, 58], [420, 63], [480, 60], [540, 53], [600, 69],
      [660, 36], [720, 28], [780, 26], [840, 34], [900, 44], [960, 30], [1080, 23], [1200, 40], [1260, 23],
      [1320, 20], [1440, 22], [1500, 57], [1560, 25], [1620, 20], [1800, 47], [2400, 26], [2700, 31], [2880, 26],
      [3000, 33], [3300, 22], [3600, 62], [3900, 20], [4200, 53], [4500, 36], [4800, 58], [4980, 19], [5100, 33],
      [5160, 19], [5220, 24], [5280, 23], [5340, 24], [5400, 105], [5460, 19], [5580, 29], [5640, 26], [5700, 47],
      [5760, 28], [5820, 22], [5880, 36], [6000, 66], [6300, 25], [6600, 35], [7200, 46],
    ],
    tailWeight: 781,
    tail: [1020, 1860, 2820, 3480, 4140, 4560, 5040, 6180, 6660, 7140, 13860],
    step: 60,
  },
  OVA: {
    common: [
      [180, 15], [240, 16], [300, 33], [360, 16], [420, 15], [600, 47], [660, 44], [720, 36], [780, 32], [840, 34],
      [900, 70], [960, 25], [1020, 24], [1080, 26], [1200, 52], [1260, 22], [1320, 43], [1380, 108], [1440, 139],
      [1500, 140], [1560, 70], [1620, 93], [1680, 73], [1740, 74], [1800, 384], [1920, 28], [2100, 20], [2220, 17],
      [2400, 46], [2520, 20], [2580, 21], [2640, 16], [2700, 90], [2760, 18], [2820, 15], [2880, 21], [3000, 64],
      [3300, 19], [3600, 23],
    ],
    tailWeight: 306,
    tail: [60, 480, 1860, 2040, 2460, 3120, 3360, 3480, 4200, 5220, 9660],
    step: 60,
  },
  ONA: {
    common: [
      [60, 276], [120, 254], [180, 182], [240, 112], [300, 148], [360, 79], [420, 72], [480, 75], [540, 38],
      [600, 88], [660, 40], [720, 47], [780, 36], [840, 34], [900, 74], [960, 28], [1020, 19], [1080, 50],
      [1140, 34], [1200, 86], [1260, 26], [1320, 32], [1380, 31], [1440, 89], [1500, 53], [1560, 21], [1800, 18],
    ],
    tailWeight: 90,
    tail: [1620, 1680, 1740, 1980, 2340, 2520, 2940, 3600, 4200, 5280, 7380],
    step: 60,
  },
  SPECIAL: {
    common: [
      [60, 370], [120, 700], [180, 773], [240, 657], [300, 342], [360, 112], [420, 46], [480, 45], [540, 34],
      [600, 45], [660, 35], [720, 39], [900, 34], [1200, 39], [1380, 166], [1440, 227], [1500, 66], [1800, 31],
      [2700, 37], [5400, 29],
    ],
    tailWeight: 430,
    tail: [780, 960, 1260, 1620, 1860, 2640, 2940, 3600, 4440, 5520, 7800],
    step: 60,
  },
};

/** First year of the year table (the real file's only earlier entry, 1907, is left out). */
export const FIRST_YEAR = 1917;

/**
 * Entries per year, FIRST_YEAR…2026. The real file's 2024–2026 counts (851, 201, 72 + 9 for 2027)
 * are lifted: it was crawled mid-2026 by id, so the newest seasons are under-represented compared
 * with the real release, which lists ~1,100 entries a year plus the announced ones.
 */
export const YEAR_COUNTS: readonly number[] = [
  17, 9, 0, 1, 0, 1, 1, 5, 9, 5, 4, 8, 7, 7, 23, 12, 16, 14, 20, 13, 2, 2, 3, 4, 5, 5, 4, 1, 1, 3, 4, 5, 4, 4, 3, 3,
  4, 8, 8, 14, 8, 25, 25, 23, 30, 32, 37, 46, 43, 38, 42, 47, 50, 52, 51, 49, 43, 52, 54, 59, 60, 77, 96, 107, 113,
  122, 129, 136, 156, 161, 191, 199, 222, 238, 227, 243, 222, 220, 220, 238, 232, 258, 297, 286, 413, 390, 421, 422,
  486, 557, 560, 582, 692, 767, 901, 934, 952, 1055, 1047, 1205, 1261, 1210, 1216, 1169, 1224, 1207, 1171, 1150, 1100,
  450,
];

/** Arithmetic-mean score, 0.25-wide bins (value = bin start). */
export const SCORE_BINS: Weighted<number> = [
  [1.75, 1], [2, 2], [2.25, 2], [2.5, 4], [2.75, 3], [3, 13], [3.25, 22], [3.5, 38], [3.75, 81], [4, 193],
  [4.25, 290], [4.5, 478], [4.75, 689], [5, 1011], [5.25, 1363], [5.5, 1694], [5.75, 1846], [6, 1916], [6.25, 1983],
  [6.5, 1732], [6.75, 1514], [7, 1364], [7.25, 1026], [7.5, 701], [7.75, 485], [8, 349], [8.25, 168], [8.5, 71],
  [8.75, 8], [9, 1],
];

/** Synonyms per entry. */
export const SYNONYM_COUNTS: Weighted<number> = [
  [0, 790], [1, 7232], [2, 7618], [3, 4680], [4, 2688], [5, 1571], [6, 976], [7, 591], [8, 329], [9, 232], [10, 150],
  [11, 63], [12, 43], [13, 34], [14, 23], [15, 15], [16, 11], [17, 10], [18, 5], [19, 6], [20, 4], [21, 6], [22, 3],
  [23, 5], [28, 1], [30, 1], [41, 1],
];

/**
 * Sources per entry among the 9 platforms of the real file (MAL included; ANN and AnimeCountdown
 * are added on top), per type: TV and movies are on nearly every platform, specials on few.
 */
export const SOURCE_COUNTS: Readonly<Record<MainType, Weighted<number>>> = {
  TV: [[1, 1010], [2, 996], [3, 181], [4, 134], [5, 137], [6, 114], [7, 92], [8, 594], [9, 4770]],
  MOVIE: [[1, 174], [2, 698], [3, 340], [4, 331], [5, 236], [6, 287], [7, 205], [8, 879], [9, 1502]],
  OVA: [[1, 31], [2, 145], [3, 1476], [4, 175], [5, 127], [6, 76], [7, 233], [8, 515], [9, 1299]],
  ONA: [[1, 383], [2, 432], [3, 345], [4, 310], [5, 340], [6, 279], [7, 387], [8, 435], [9, 771]],
  SPECIAL: [[1, 587], [2, 1062], [3, 988], [4, 929], [5, 868], [6, 460], [7, 945], [8, 468], [9, 327]],
};

/** Tags per entry. */
export const TAG_COUNTS: Weighted<number> = [
  [0, 2987], [1, 5968], [2, 4578], [3, 2999], [4, 2192], [5, 1638], [6, 1359], [7, 997], [8, 893], [9, 694],
  [10, 629], [11, 458], [12, 415], [13, 375], [14, 264], [15, 189], [16, 149], [17, 95], [18, 70], [19, 57],
  [20, 39], [21, 16], [22, 11], [23, 6], [24, 4], [25, 2], [26, 3], [27, 1],
];

/** Studios per entry. */
export const STUDIO_COUNTS: Weighted<number> = [
  [0, 10083], [1, 14374], [2, 2304], [3, 278], [4, 26], [5, 9], [6, 3], [7, 4], [8, 2], [9, 1], [10, 1], [12, 2],
  [14, 1],
];

/** Producers per entry. */
export const PRODUCER_COUNTS: Weighted<number> = [
  [0, 14488], [1, 6845], [2, 2251], [3, 992], [4, 646], [5, 521], [6, 448], [7, 332], [8, 212], [9, 168], [10, 88],
  [11, 44], [12, 22], [13, 15], [14, 5], [15, 5], [16, 1], [17, 2], [19, 2], [20, 1],
];

/** Share of entries with a duration / a score, per type (real file; UPCOMING entries never have a score). */
export const FIELD_PRESENCE: Readonly<Record<MainType, { duration: number; score: number }>> = {
  TV: { duration: 0.65, score: 0.65 },
  MOVIE: { duration: 0.65, score: 0.63 },
  OVA: { duration: 0.58, score: 0.86 },
  ONA: { duration: 0.58, score: 0.65 },
  SPECIAL: { duration: 0.64, score: 0.76 },
};

/** Season of entries with a known year (597 real entries without a year are all UNDEFINED). */
export const SEASONS: Weighted<'WINTER' | 'SPRING' | 'SUMMER' | 'FALL'> = [
  ['WINTER', 8345],
  ['SPRING', 6072],
  ['SUMMER', 5773],
  ['FALL', 6301],
];

/** 597 of 27,088 real entries have no year: ~2.2 %, written absent mostly and null sometimes (2025 format). */
export const YEAR_ABSENT_SHARE = 0.016;
export const YEAR_NULL_SHARE = 0.006;

/**
 * Franchise (connected group of related entries) sizes, counted per group: 16,343 stand-alone
 * entries, 1,292 pairs, … 11 groups of 50+. About 40 % of all entries belong to a group of 2+.
 * Buckets `10`, `20`, `50` stand for 10–19, 20–49 and 50–120.
 */
export const FRANCHISE_SIZES: Weighted<number> = [
  [1, 16343], [2, 1292], [3, 482], [4, 209], [5, 121], [6, 67], [7, 39], [8, 29], [9, 38], [10, 92], [20, 34],
  [50, 11],
];

/** Type of a stand-alone entry. */
export const SINGLE_TYPES: Weighted<MainType | 'UNKNOWN'> = [
  ['SPECIAL', 4561],
  ['TV', 4275],
  ['MOVIE', 2838],
  ['OVA', 2391],
  ['ONA', 2269],
  ['UNKNOWN', 9],
];

/** Main entry of a franchise that is not a TV series (68 % of real franchises contain one). */
export const FRANCHISE_MAIN_SHARE_TV = 0.68;
export const FRANCHISE_MAIN_OTHER_TYPES: Weighted<MainType> = [
  ['MOVIE', 30],
  ['ONA', 25],
  ['OVA', 25],
  ['SPECIAL', 20],
];

/** Types of the other members of a franchise (real members of 2+ groups, minus their main entries). */
export const FRANCHISE_SIDE_TYPES: Weighted<MainType> = [
  ['TV', 2109],
  ['SPECIAL', 1920],
  ['MOVIE', 1560],
  ['OVA', 1490],
  ['ONA', 1210],
];

/** Years between a franchise member and the one it follows. */
export const FRANCHISE_YEAR_GAPS: Weighted<number> = [
  [0, 35], [1, 30], [2, 15], [3, 8], [4, 5], [5, 3], [7, 2], [10, 2],
];

/**
 * The 11 platforms in the order used by the tables below; `kitsu` also covers the older
 * `kitsu.io` host and `animecountdown` reuses the simkl id (both are Simkl's, same ids).
 */
export const PLATFORM_KEYS = PLATFORMS;
export type PlatformKey = (typeof PLATFORM_KEYS)[number];

/** The 9 platforms of the real file besides MAL; weights for choosing an entry's other sources. */
export const OTHER_PLATFORMS = [
  'anilist',
  'kitsu',
  'anidb',
  'anime-planet',
  'anisearch',
  'livechart',
  'notify-moe',
  'simkl',
] as const;

/** Share of real entries of each type linked on each of OTHER_PLATFORMS (MAL is on all of them). */
export const PLATFORM_SHARES: Readonly<Record<MainType, readonly number[]>> = {
  TV: [0.72, 0.7, 0.7, 0.86, 0.71, 0.62, 0.69, 0.7],
  MOVIE: [0.73, 0.72, 0.57, 0.93, 0.64, 0.4, 0.63, 0.57],
  OVA: [0.86, 0.59, 0.48, 0.63, 0.89, 0.37, 0.58, 0.48],
  ONA: [0.67, 0.65, 0.44, 0.84, 0.55, 0.35, 0.5, 0.44],
  SPECIAL: [0.65, 0.7, 0.16, 0.75, 0.44, 0.21, 0.42, 0.16],
};

/**
 * Weights for drawing an entry's other platforms one by one without replacement, calibrated by
 * simulation (with SOURCE_COUNTS) so that the resulting shares match PLATFORM_SHARES within
 * ±0.02. Using the shares themselves as weights would flatten them (anime-planet 0.66 instead of
 * 0.86), since an entry with 8 sources takes nearly all platforms whatever the weights.
 */
export const PLATFORM_WEIGHTS: Readonly<Record<MainType, readonly number[]>> = {
  TV: [0.053, 0.03, 0.026, 1, 0.036, 0.006, 0.02, 0.029],
  MOVIE: [0.084, 0.086, 0.017, 1, 0.038, 0.003, 0.032, 0.017],
  OVA: [0.76, 0.125, 0.028, 0.165, 1, 0.007, 0.104, 0.029],
  ONA: [0.209, 0.206, 0.043, 1, 0.093, 0.022, 0.072, 0.044],
  SPECIAL: [0.521, 0.696, 0.015, 1, 0.139, 0.026, 0.126, 0.018],
};

/**
 * Share of entries on MyAnimeList. The real file only holds MAL entries; the full release also
 * lists anime known only to other platforms (AniDB/anime-planet-only shorts), a few percent.
 */
export const MAL_SHARE = 0.97;
/** Entries on Simkl that also carry the AnimeCountdown URL (same id, same owner). */
export const ANIMECOUNTDOWN_GIVEN_SIMKL = 0.9;
/** Share with an Anime News Network URL: mostly the well-covered entries. */
export const ANN_SHARE_WELL_COVERED = 0.55;
export const ANN_SHARE_OTHER = 0.08;
/** Kitsu URLs still on the old `kitsu.io` host. */
export const KITSU_IO_SHARE = 0.02;

/**
 * Numeric id quantiles (0 %, 5 %, …, 100 %) per platform, measured on the real URLs (ANN from its
 * encyclopedia's id range). Ids are handed out in order of release year along these curves, so
 * old anime get low ids and the id gaps match the real ones (e.g. AniList's jump from ~21k to ~98k).
 */
export const ID_QUANTILES: Readonly<Record<Exclude<PlatformKey, 'anime-planet' | 'notify-moe' | 'animecountdown'>, readonly number[]>> = {
  myanimelist: [1, 1492, 2980, 5303, 8624, 12679, 19887, 26309, 31873, 34757, 36991, 39140, 41505, 44204, 46258, 48159,
    51160, 53642, 55804, 57760, 59925],
  anilist: [1, 1078, 2142, 3308, 5041, 7189, 9851, 13259, 18747, 21136, 98223, 102376, 104331, 111516, 119922, 129330,
    139376, 148576, 165810, 177466, 210918],
  kitsu: [1, 948, 1938, 3112, 4352, 5369, 6407, 7454, 8633, 9620, 10787, 12106, 13271, 40826, 41977, 43129, 44515,
    46074, 47262, 48454, 50637],
  anidb: [1, 741, 1670, 2548, 3569, 4730, 5922, 7011, 7922, 8885, 9857, 10886, 11762, 12661, 13487, 14307, 15149,
    16103, 17198, 18145, 20007],
  anisearch: [1, 886, 1766, 2651, 3533, 4488, 5533, 6534, 7575, 8603, 9632, 10640, 11656, 12682, 13741, 14764, 15829,
    16928, 18044, 19131, 21283],
  livechart: [2, 650, 1311, 2013, 2636, 3257, 3856, 4540, 5326, 5984, 6726, 7332, 7958, 8602, 9253, 9885, 10526,
    11141, 11738, 12317, 13577],
  simkl: [36048, 36714, 37379, 38043, 38702, 39367, 40036, 40703, 41369, 46092, 481668, 573714, 669743, 779709,
    1055017, 1321817, 1572059, 1573541, 1894656, 2275522, 3064464],
  animenewsnetwork: [1, 310, 720, 1250, 1850, 2600, 3400, 4300, 5300, 6400, 7600, 8900, 10300, 11900, 13700, 15700,
    18000, 20600, 24100, 29100, 37400],
};

/** Picture folder (`/images/anime/<a>/`) and file number (`<b>.jpg`) deciles on MAL's CDN. */
export const PICTURE_FOLDER_QUANTILES: readonly number[] = [1, 5, 9, 12, 1111, 1258, 1407, 1550, 1699, 1850, 1999];
export const PICTURE_FILE_QUANTILES: readonly number[] = [
  137, 36275, 68029, 86848, 99410, 111944, 120266, 128501, 134330, 141902, 158773,
];
/**
 * MAL entries without a picture, which get the dataset's placeholder (about 5 % of real entries
 * show a placeholder, together with the entries that are not on MAL at all).
 */
export const NO_PICTURE_SHARE = 0.02;

/** Status: 154 ONGOING and 109 UPCOMING of 27,088; the rest FINISHED. */
export const ONGOING_SHARE_RECENT = 0.008;
export const UPCOMING_SHARE_CURRENT_YEAR = 0.3;
export const UPCOMING_SHARE_NO_YEAR = 0.11;
