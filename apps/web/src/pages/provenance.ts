import type { Provenanced, SourceStatus } from '../api/types';
import { h, type Child } from '../ui/dom';
import { formatAge, labelOf, SOURCE_LABELS } from '../ui/format';

/** Only web links from upstream data become anchors (never javascript: or data: URLs). */
export const safeHref = (url: string): string | undefined => (/^https?:\/\//i.test(url) ? url : undefined);

/** An outbound link (new tab, no referrer), or plain text when the URL is not a web link. */
export function externalLink(url: string, text: Child): HTMLElement {
  const href = safeHref(url);
  return href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, text) : h('span', null, text);
}

/**
 * Where a value came from: "AniList · 3 min ago", marked stale when it was served from cache
 * because the source failed. The full fetch time is in the title and the accessible label.
 */
export function provenanceBadge(p: Pick<Provenanced, 'source' | 'fetchedAt' | 'stale' | 'sourceUrl'>, now: number): HTMLElement {
  const name = labelOf(SOURCE_LABELS, p.source);
  const age = formatAge(p.fetchedAt, now);
  const label = `From ${name}, fetched ${age}${p.stale ? ', stale: the source is failing, this is a cached value' : ''}`;
  return h(
    'span',
    { class: `badge source-badge${p.stale ? ' stale' : ''}`, title: `${p.sourceUrl} · fetched ${p.fetchedAt}`, 'aria-label': label, 'data-source': p.source },
    `${name} · ${age}`,
    p.stale ? h('span', { class: 'stale-mark' }, ' · stale') : null,
  );
}

/** A value of a live field, readable: scores with their scale, lists joined, links as links. */
export function renderValue(field: string, value: unknown): Child {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return field === 'synopsis' ? h('p', { class: 'synopsis' }, value) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) return value.join(', ');
    return h(
      'ul',
      { class: 'value-list' },
      value.slice(0, 20).map((item) => h('li', null, renderObject(item as Record<string, unknown>))),
    );
  }
  if (typeof value === 'object') return renderObject(value as Record<string, unknown>);
  return String(value);
}

function renderObject(o: Record<string, unknown>): Child {
  if (typeof o['value'] === 'number' && typeof o['scale'] === 'number') {
    return `${o['value']} / ${o['scale']}${typeof o['votes'] === 'number' ? ` (${o['votes'].toLocaleString()} votes)` : ''}`;
  }
  if (typeof o['url'] === 'string') return externalLink(o['url'], typeof o['site'] === 'string' ? o['site'] : o['url']);
  if ('airingAt' in o || 'nextEpisode' in o) {
    const at = typeof o['airingAt'] === 'string' ? new Date(o['airingAt']).toLocaleString() : 'time unknown';
    return `Episode ${o['nextEpisode'] ?? '?'} · ${at}`;
  }
  if (typeof o['language'] === 'string' && typeof o['text'] === 'string') return h('p', { class: 'synopsis', lang: o['language'] }, h('span', { class: 'badge' }, o['language'].toUpperCase()), ' ', o['text']);
  if (typeof o['name'] === 'string') return [o['name'], o['role'] ? ` (${String(o['role'])})` : '', o['voiceActor'] ? ` — ${String(o['voiceActor'])}` : ''].join('');
  if (typeof o['title'] === 'string') return `${o['number'] !== undefined ? `${String(o['number'])}. ` : ''}${o['title']}`;
  return Object.entries(o)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

/** Each live source's state for this anime: ok, stale, unavailable (with why), not listed. */
export function sourceStatusList(sources: readonly SourceStatus[]): HTMLElement {
  return h(
    'ul',
    { class: 'source-status', 'aria-label': 'Live sources' },
    sources.map((s) => h('li', { class: `badge status-${s.status}`, 'data-source': s.name }, `${labelOf(SOURCE_LABELS, s.name)}: ${s.status}`, s.reason && s.status !== 'ok' ? h('span', { class: 'reason' }, ` — ${s.reason}`) : null)),
  );
}
