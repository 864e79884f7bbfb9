import { h, replace } from './dom';
import { summaryLine } from './format';
import { poster } from './poster';

/** What a card shows. */
export interface CardData {
  id: string;
  title: string;
  type: string;
  year: number | null;
  episodes: number;
  score: number | null;
  thumbnail?: string;
  /** Why it is here (similar anime, answers). */
  why?: string;
  /** Extra line (similarity, related kind). */
  extra?: string;
}

/**
 * A grid of anime cards; each card is a link to the anime page. Arrow keys move between cards
 * (Left/Up back, Right/Down forward, Home/End) on top of the usual Tab order.
 */
export function cardGrid(label: string, cards: readonly CardData[]): HTMLElement {
  const list = h('ul', { class: 'card-grid', 'aria-label': label });
  replace(
    list,
    cards.map((c) =>
      h(
        'li',
        { class: 'card' },
        h(
          'a',
          { href: `#/anime/${encodeURIComponent(c.id)}`, class: 'card-link', 'data-id': c.id },
          poster(c.thumbnail, c.title),
          h('span', { class: 'card-title' }, c.title),
          h('span', { class: 'card-meta' }, summaryLine(c)),
          c.extra ? h('span', { class: 'card-extra' }, c.extra) : null,
          c.why ? h('span', { class: 'card-why' }, c.why) : null,
        ),
      ),
    ),
  );
  list.addEventListener('keydown', (event) => moveFocus(list, event));
  return list;
}

function moveFocus(list: HTMLElement, event: KeyboardEvent): void {
  const links = [...list.querySelectorAll<HTMLAnchorElement>('a.card-link')];
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  if (at < 0) return;
  const step: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, Home: -links.length, End: links.length };
  const delta = step[event.key];
  if (delta === undefined) return;
  event.preventDefault();
  links[Math.min(links.length - 1, Math.max(0, at + delta))]?.focus();
}
