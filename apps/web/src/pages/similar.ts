import { callTool } from '../api/http';
import type { SimilarResponse } from '../api/types';
import { cardGrid } from '../ui/card-grid';
import { h } from '../ui/dom';
import { warningList } from '../ui/feedback';

/** Similar anime (`find_similar_anime`), each card with its "why" (shared tags, studio, relation…). */
export async function renderSimilar(ref: string, signal: AbortSignal): Promise<HTMLElement> {
  const res = await callTool<SimilarResponse>('find_similar_anime', { ref, limit: 12 }, signal);
  return h(
    'div',
    null,
    warningList(res.warnings),
    res.items.length
      ? cardGrid(
          `Anime similar to ${res.anime.title}`,
          res.items.map((i) => ({ ...i.anime, extra: `${Math.round(i.score * 100)}% alike`, why: i.why.join(' · ') })),
        )
      : h('p', { class: 'muted' }, 'No similar anime found.'),
  );
}
