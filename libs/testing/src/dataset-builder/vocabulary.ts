/**
 * Tag, studio and producer vocabularies with their real frequencies, measured once on
 * `anime-mapper-2026.jsonl` (27,088 real entries) and hard-coded so the builder needs no data files.
 * These are genre/company names, not titles.
 */
import type { Weighted } from './random';

/** All 241 tags of the real file (lower-case, as the dataset writes them) with their counts. */
export const TAGS: Weighted<string> = [
  ['comedy', 8943], ['fantasy', 7147], ['action', 6380], ['adventure', 5038], ['drama', 4203], ['sci-fi', 3665],
  ['slice of life', 3476], ['romance', 3026], ['music', 3017], ['science fiction', 2897], ['supernatural', 2342],
  ['japan', 2285], ['kids', 2279], ['earth', 2245], ['school life', 1899], ['present', 1781], ['asia', 1755],
  ['hentai', 1556], ['magic', 1370], ['school', 1341], ['mecha', 1333], ['historical', 1246], ['ecchi', 1177],
  ['mystery', 1173], ['super power', 1098], ['sports', 1022], ['psychological', 867], ['avant garde', 825],
  ['plot continuity', 802], ['shounen', 794], ['parody', 768], ['violence', 746], ['horror', 725], ['military', 705],
  ['martial arts', 696], ['future', 672], ['fantasy world', 665], ['space', 597], ['demon', 590],
  ['contemporary fantasy', 583], ['harem', 514], ['past', 499], ['dementia', 495], ['mahou shoujo', 477],
  ['idol', 467], ['friendship', 434], ['suspense', 425], ['high school', 415], ['slapstick', 393],
  ['anthropomorphism', 377], ['swordplay', 370], ['piloted robot', 370], ['magical girl', 360], ['the arts', 348],
  ['alien', 331], ['coming of age', 329], ['thriller', 323], ['isekai', 322], ['demons', 307], ['seinen', 306],
  ['stereotypes', 284], ['game', 284], ['cops', 261], ['samurai', 258], ['gunfights', 255], ['angst', 252],
  ['award winning', 243], ['crime', 243], ['post apocalypse', 232], ['super deformed', 225], ['war', 218],
  ['proxy battles', 215], ['school clubs', 214], ['police', 207], ['detective', 204], ['gourmet', 194],
  ['shoujo', 194], ['alternative present', 191], ['virtual reality', 186], ['humanoid alien', 180],
  ['love polygon', 177], ['other planet', 175], ['vampire', 174], ['boys love', 170], ['bishounen', 169],
  ['robot', 161], ['shipboard', 155], ['space travel', 155], ['android', 148], ['parallel universe', 148],
  ['shounen ai', 142], ['law and order', 140], ['human enhancement', 139], ['europe', 137], ['conspiracy', 135],
  ['motorsport', 132], ['special squads', 128], ['working life', 123], ['alternative past', 122], ['tokyo', 115],
  ['disaster', 110], ['juujin', 110], ['cyborg', 109], ['time travel', 109], ['absurdist humour', 107],
  ['girls love', 107], ['card games', 107], ['shoujo ai', 106], ['baseball', 104], ['josei', 103], ['family', 100],
  ['space opera', 99], ['transforming craft', 97], ['deity', 96], ['cyberpunk', 95], ['dystopia', 95],
  ['power suit', 95], ['cooking', 92], ['henshin', 91], ['united states', 90], ['pirate', 90], ['cars', 87],
  ['ninja', 86], ['countryside', 85], ['middle school', 82], ['steampunk', 82], ['performance', 81],
  ['sudden girlfriend appearance', 80], ['americas', 77], ['reverse harem', 77], ['superhero', 77],
  ['all girls school', 76], ['elementary school', 75], ['musical band', 74], ['erotica', 73], ['ghost', 72],
  ['super robot', 71], ['delinquent', 70], ['genetic modification', 68], ['dark fantasy', 68], ['mafia', 67],
  ['thievery', 65], ['china', 65], ['angel', 64], ['politics', 64], ['zombie', 64], ['combat', 62], ['dragon', 60],
  ['soccer', 59], ['maid', 59], ['violent retribution for accidental infringement', 58], ['world war ii', 58],
  ['elf', 56], ['racing', 50], ['parental abandonment', 50], ['space battles', 49], ['female student', 48],
  ['robot helper', 47], ['tennis', 46], ['air force', 45], ['united kingdom', 45], ['loli', 45], ['revenge', 43],
  ['yaoi', 43], ['france', 41], ['high fantasy', 41], ['zombies', 41], ['basketball', 40], ['battle royale', 39],
  ['anti war', 38], ['assassin', 38], ['university', 37], ['gender bender', 36], ['slow when it comes to love', 36],
  ['bounty hunter', 33], ['feudal warfare', 32], ['navy', 31], ['rotten world', 30], ['tokugawa period', 30],
  ['sengoku period', 29], ['boxing', 28], ['street racing', 27], ['bakumatsu   meiji period', 27], ['food', 26],
  ['religion', 26], ['breaking the fourth wall', 26], ['wrestling', 26], ['anime influenced', 25],
  ['tone changes', 24], ['satire', 23], ['desert', 22], ['volleyball', 22], ['workplace', 22], ['gore', 21],
  ['summer', 21], ['mermaid', 20], ['drifting', 19], ['parasite', 19], ['island', 19], ['cross dressing', 19],
  ['italy', 18], ['political', 18], ['korea', 17], ['mars', 16], ['unrequited love', 16], ['cycling', 16],
  ['floating island', 15], ['africa', 15], ['doujinshi', 15], ['middle east', 14], ['three kingdoms', 14],
  ['heian period', 14], ['medical', 14], ['buddhism', 14], ['russia', 13], ['formula racing', 13], ['germany', 12],
  ['kyoto', 12], ['new york', 12], ['waitress', 12], ['epidemic', 12], ['slavery', 11], ['victorian period', 11],
  ['office lady', 11], ['student government', 11], ['yuri', 11], ['shinsengumi', 10], ['nurse', 7],
  ['female teacher', 7], ['tentacle', 6], ['documentary', 4], ['blackmail', 4], ['housewives', 3],
  ['dark skinned girl', 3], ['mahou shounen', 2], ['law', 2], ['youth', 1], ['netorare', 1], ['mature', 1],
  ['tragedy', 1], ['voyeurism', 1],
];

/** The 150 most frequent studios (66 % of all studio mentions) with their counts. */
export const STUDIOS: Weighted<string> = [
  ['toei animation', 871], ['sunrise', 558], ['j.c.staff', 434], ['madhouse', 381], ['tms entertainment', 371],
  ['shanghai animation film studio', 365], ['production i.g', 363], ['studio deen', 320], ['olm', 301],
  ['studio pierrot', 290], ['shin-ei animation', 264], ['a-1 pictures', 248], ['nippon animation', 225],
  ['aic', 208], ['dle', 203], ['tatsunoko production', 185], ['bones', 157], ['xebec', 157], ['shaft', 153],
  ['gonzo', 145], ['t-rex', 139], ['kyoto animation', 131], ['silver link.', 128], ['satelight', 117],
  ['lidenfilms', 115], ['group tac', 114], ['tokyo movie shinsha', 109], ['arms', 109], ['brain\'s base', 108],
  ['mappa', 102], ['wit studio', 100], ['seven', 99], ['aqua aris', 99], ['doga kobo', 98], ['ashi productions', 96],
  ['studio 9 maiami', 90], ['tezuka productions', 86], ['magic bus', 85], ['cloverworks', 85], ['gallop', 83],
  ['y.o.u.c', 83], ['studio 4°c', 80], ['gainax', 79], ['sanzigen', 77], ['ufotable', 76], ['animate film', 76],
  ['bandai namco pictures', 76], ['zexcs', 75], ['feel.', 74], ['studio comet', 73], ['mushi production', 73],
  ['comix wave films', 70], ['kinema citrus', 70], ['actas', 68], ['ajia-do', 67], ['8bit', 67], ['p.a. works', 66],
  ['kachidoki studio', 66], ['lerche', 65], ['poro', 64], ['studio hibari', 63], ['fanworks', 61],
  ['ruo hong culture', 59], ['studio puyukai', 58], ['8-bit', 58], ['tnk', 57], ['asahi production', 57],
  ['studio 1st', 57], ['ajiado', 56], ['artland', 56], ['diomedéa', 56], ['haoliners animation', 55],
  ['synergysp', 53], ['seven arcs', 52], ['studio ghibli', 52], ['p.a.works', 52], ['white fox', 52],
  ['studio gallop', 51], ['anime antenna iinkai', 51], ['studio gokumi', 51], ['david production', 50],
  ['polygon pictures', 50], ['telecom animation film', 49], ['gathering', 49], ['project no.9', 47],
  ['foch film', 44], ['fantawild animation', 43], ['yumeta company', 42], ['comix wave', 41], ['trigger', 41],
  ['hal film maker', 40], ['eiken', 40], ['knack productions', 40], ['suoyi technology', 40], ['nomad', 39],
  ['office takeout', 39], ['hoods entertainment', 39], ['signal.md', 39], ['a.c.g.t.', 38], ['studio fantasia', 38],
  ['suzuki mirano', 38], ['gohands', 38], ['shogakukan music & digital entertainment', 37], ['passione', 37],
  ['triangle staff', 36], ['shirogumi', 36], ['dwarf', 36], ['sparkly key animation', 36], ['emt squared', 36],
  ['blue bread', 36], ['tyo animations', 35], ['studio colorido', 35], ['sparkly key animation studio', 35],
  ['zero-g', 35], ['soyep', 35], ['manglobe', 34], ['kamikaze douga', 34], ['foch', 34], ['bee train', 33],
  ['daume', 32], ['radix', 32], ['aic asta', 31], ['bridge', 31], ['creators in pack', 31], ['triple x', 30],
  ['graphinica', 30], ['asread.', 29], ['tokyo kids', 29], ['studio jam', 29], ['studio eromatick', 29],
  ['millepensee', 29], ['naz', 29], ['ilca', 29], ['samg entertainment', 29], ['trans arts', 28], ['appp', 27],
  ['yamamura animation', 27], ['c2c', 27], ['poro petit', 27], ['production ims', 26], ['queen bee', 26],
  ['studio kai', 26], ['yokohama animation lab', 26], ['yostar pictures', 26], ['artmic', 25],
  ['the answer studio', 25], ['majin', 25], ['orange', 25], ['connect', 25], ['pie in the sky', 25],
];

/**
 * The long tail: how many of the remaining ~1,500 real studios occur n times (`[n, studios]`).
 * Filled with generated company names so facet cardinality and skew stay realistic.
 */
export const STUDIO_TAIL: Weighted<number> = [
  [1, 526], [2, 215], [3, 169], [4, 100], [5, 89], [6, 67], [7, 46], [8, 51], [9, 30], [10, 24], [11, 23], [12, 15],
  [13, 19], [14, 17], [15, 18], [16, 14], [17, 13], [18, 6], [19, 14], [20, 12], [21, 7], [22, 8], [23, 6], [24, 7],
  [25, 1],
];

/** The 200 most frequent producers (77 % of all producer mentions) with their counts. */
export const PRODUCERS: Weighted<string> = [
  ['nhk', 1178], ['tv tokyo', 656], ['aniplex', 644], ['movic', 532], ['lantis', 515], ['at-x', 474],
  ['kadokawa', 470], ['pony canyon', 457], ['bandai visual', 443], ['dentsu', 414], ['fuji tv', 404],
  ['klockworx', 373], ['kodansha', 365], ['shueisha', 355], ['sotsu', 325], ['mainichi broadcasting system', 320],
  ['bilibili', 291], ['pink pineapple', 279], ['tbs', 265], ['tencent video', 259], ['tokyo mx', 255], ['bs11', 224],
  ['dax production', 212], ['tv asahi', 209], ['kadokawa shoten', 203], ['sanrio', 197],
  ['nippon television network', 193], ['crunchyroll', 193], ['magic capsule', 192], ['genco', 191],
  ['sony music entertainment', 180], ['arts pro', 174], ['vap', 174], ['nippon columbia', 174], ['toho', 173],
  ['nihon ad systems', 172], ['flying dog', 167], ['half h.p studio', 166], ['square enix', 166],
  ['ms pictures', 164], ['frontier works', 163], ['shochiku', 156], ['media factory', 155], ['toho animation', 155],
  ['starchild records', 151], ['shogakukan', 140], ['king records', 139], ['bushiroad', 138],
  ['warner bros. japan', 134], ['avex pictures', 126], ['hakuhodo dy music & pictures', 126],
  ['yomiko advertising', 124], ['studio mausu', 123], ['yomiuri telecasting', 121], ['showgate', 120],
  ['milky animation label', 120], ['good smile company', 120], ['shogakukan-shueisha productions', 116],
  ['tohokushinsha film corporation', 113], ['bs fuji', 113], ['victor entertainment', 112],
  ['nbcuniversal entertainment japan', 111], ['mediabank', 109], ['hololive production', 109],
  ['kadokawa media house', 108], ['asmik ace', 105], ['production i.g', 104], ['rakuonsha', 101],
  ['abc animation', 101], ['omnibus promotion', 100], ['docomo anime store', 100], ['bandai', 96],
  ['geidai animation', 96], ['bandai namco arts', 95], ['bit grooove promotion', 95], ['gakken', 94],
  ['digital works', 90], ['shogakukan productions', 88], ['lune-pictures', 88], ['avex entertainment', 87],
  ['asatsu dk', 86], ['tencent animation & comics', 86], ['iqiyi', 86], ['bandai namco entertainment', 85],
  ['sammy', 84], ['bandai namco music live', 83], ['sega', 78], ['tokyo movie shinsha', 78], ['glovision', 76],
  ['yomiuri tv enterprise', 75], ['tv tokyo music', 74], ['marvelous entertainment', 74], ['ascii media works', 74],
  ['bs ntv', 74], ['toy\'s factory', 74], ['nhk enterprises', 73], ['wowow', 70], ['pioneer ldc', 69],
  ['toei video', 68], ['youku', 65], ['mages.', 64], ['hakuhodo dy media partners', 63],
  ['sony music communications', 60], ['aic', 59], ['kansai tv', 59], ['mary jane', 59],
  ['nagoya broadcasting network', 58], ['asahi broadcasting', 58], ['queen bee', 58], ['hakusensha', 57],
  ['imagine', 57], ['medianet', 57], ['ultra super pictures', 56], ['houbunsha', 55],
  ['jr east marketing & communications', 55], ['bandai namco filmworks', 55], ['geneon entertainment', 54],
  ['dynamic planning', 54], ['magnet', 54], ['kss', 53], ['china literature limited', 52], ['bs asahi', 52],
  ['toei animation', 50], ['memory-tech', 50], ['tms entertainment', 50], ['dmm pictures', 50], ['netease', 50],
  ['fonishia', 49], ['nitroplus', 49], ['furyu', 49], ['animax', 47], ['geneon universal entertainment', 47],
  ['fujipacific music', 46], ['anime beans', 46], ['akita shoten', 44], ['bandai spirits', 44], ['nichion', 43],
  ['tokuma shoten', 42], ['kitty films', 42], ['cygames', 42], ['d-rights', 41], ['happinet pictures', 41],
  ['green bunny', 41], ['egg firm', 41], ['broccoli', 40], ['delfi sound', 40], ['ray', 40], ['q-tec', 40],
  ['dugout', 40], ['notes', 39], ['five ways', 38], ['medicos entertainment', 38], ['kadokawa pictures japan', 37],
  ['studio pierrot', 37], ['nikkatsu', 37], ['bandai namco games', 36], ['tezuka productions', 36], ['netflix', 36],
  ['sony pictures entertainment', 35], ['pony canyon enterprises', 35], ['81 produce', 35], ['ichijinsha', 35],
  ['alpha group', 35], ['dmm.com', 35], ['twin engine', 35], ['atelier musa', 34], ['hobby japan', 34],
  ['ai addiction', 34], ['contents seed', 34], ['kamitsubaki studio', 34], ['toshiba entertainment', 33],
  ['discovery', 33], ['jinnan studio', 33], ['bushiroad move', 33], ['sony pcl', 32], ['kids station', 32],
  ['earth star entertainment', 32], ['gdh', 30], ['takeshobo', 30], ['futabasha', 30], ['tms music', 30],
  ['warner music japan', 30], ['sonilude', 30], ['imagica', 29], ['toho music', 29], ['dwango', 29],
  ['universal music japan', 29], ['benesse corporation', 29], ['marui group', 29], ['tv osaka', 28],
  ['space shower music', 28], ['gyao!', 28], ['crunchyroll sc anime fund', 28], ['suiseisha', 28], ['gaga', 27],
  ['dream creation', 27], ['tamabi', 27], ['cloud22', 27], ['adk marketing solutions', 26], ['ob planning', 25],
];

/** Long tail of producers, as for STUDIO_TAIL. */
export const PRODUCER_TAIL: Weighted<number> = [
  [1, 559], [2, 241], [3, 152], [4, 97], [5, 78], [6, 52], [7, 50], [8, 40], [9, 35], [10, 24], [11, 23], [12, 16],
  [13, 10], [14, 16], [15, 20], [16, 10], [17, 19], [18, 7], [19, 6], [20, 4], [21, 9], [22, 6], [23, 11], [24, 10],
  [25, 9],
];

/** Studios and producers typical of Chinese productions (donghua), used for pinyin-titled franchises. */
export const CHINESE_STUDIOS: readonly string[] = [
  'shanghai animation film studio', 'ruo hong culture', 'haoliners animation', 'fantawild animation', 'suoyi technology',
  'foch film', 'sparkly key animation studio', 'soyep', 'original force', 'red dog culture house',
];
export const CHINESE_PRODUCERS: readonly string[] = [
  'bilibili', 'tencent video', 'iqiyi', 'youku', 'tencent animation & comics', 'china literature limited', 'netease',
];
