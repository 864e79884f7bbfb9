/** Formatting shared by the pages; pure functions (unit-tested). */

const UNITS: Array<[limitSeconds: number, divisor: number, unit: string]> = [
  [60, 1, 's'],
  [3600, 60, 'min'],
  [86_400, 3600, 'h'],
  [30 * 86_400, 86_400, 'd'],
  [365 * 86_400, 30 * 86_400, 'mo'],
  [Infinity, 365 * 86_400, 'y'],
];

/** "just now", "3 min ago", "2 h ago", "5 d ago" — how old a fetched value is. */
export function formatAge(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return 'unknown age';
  const seconds = Math.max(0, Math.round((now - t) / 1000));
  if (seconds < 5) return 'just now';
  for (const [limit, divisor, unit] of UNITS) if (seconds < limit) return `${Math.floor(seconds / divisor)} ${unit} ago`;
  return 'long ago';
}

/** "2 d 03:04:05" / "03:04:05" until a time; "now" once passed. */
export function formatCountdown(targetMs: number, now: number): string {
  const total = Math.floor((targetMs - now) / 1000);
  if (total <= 0) return 'now';
  const d = Math.floor(total / 86_400);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const clock = `${pad(Math.floor((total % 86_400) / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
  return d > 0 ? `${d} d ${clock}` : clock;
}

/** Platform keys of the dataset as people name them. */
export const PLATFORM_LABELS: Readonly<Record<string, string>> = {
  myanimelist: 'MyAnimeList',
  anilist: 'AniList',
  kitsu: 'Kitsu',
  anidb: 'AniDB',
  'anime-planet': 'Anime-Planet',
  anisearch: 'aniSearch',
  livechart: 'LiveChart',
  'notify-moe': 'Notify.moe',
  simkl: 'SIMKL',
  animecountdown: 'AnimeCountdown',
  animenewsnetwork: 'Anime News Network',
};

/** Live sources as people name them (jikan is MyAnimeList's API). */
export const SOURCE_LABELS: Readonly<Record<string, string>> = {
  anilist: 'AniList',
  jikan: 'MyAnimeList (Jikan)',
  kitsu: 'Kitsu',
  animeschedule: 'AnimeSchedule',
  'anime-planet': 'Anime-Planet',
  livechart: 'LiveChart',
  anisearch: 'aniSearch',
  ann: 'Anime News Network',
  simkl: 'SIMKL',
};

export const labelOf = (labels: Readonly<Record<string, string>>, key: string): string => labels[key] ?? key;

/** "TV", "Movie", "OVA" … */
export function typeLabel(type: string): string {
  return type === 'TV' || type === 'OVA' || type === 'ONA' ? type : type.charAt(0) + type.slice(1).toLowerCase();
}

/** "TV · 2024 · 12 ep · ★ 8.6" — one line under a poster. */
export function summaryLine(a: { type: string; year: number | null; episodes: number; score: number | null }): string {
  return [typeLabel(a.type), a.year ?? '', a.episodes ? `${a.episodes} ep` : '', a.score ? `★ ${a.score.toFixed(1)}` : ''].filter(Boolean).join(' · ');
}

/** Episode duration in seconds → "24 min". */
export const formatDuration = (seconds: number): string => (seconds >= 3600 ? `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min` : `${Math.round(seconds / 60)} min`);
