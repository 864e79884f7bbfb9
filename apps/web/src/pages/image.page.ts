import { callTool } from '../api/http';
import type { ImageSearchResponse } from '../api/types';
import type { PageContext } from '../router';
import { openToolPage } from './tool-gate';
import { cardGrid } from '../ui/card-grid';
import { h, replace, uid } from '../ui/dom';
import { errorMessage, loading, warningList } from '../ui/feedback';

const MAX_BYTES = 4 * 1024 * 1024;
const TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];

/** A File/Blob as base64 without the `data:` prefix (what the tool takes). */
async function toBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Image search: drop, paste or pick an image, or give its URL → the anime whose posters look
 * like it, with the similarity. Reads `search_anime_by_image`; says so when this server lacks it.
 */
export async function renderImagePage(ctx: PageContext): Promise<void> {
  const { outlet, signal } = ctx;
  const heading = h('h1', { tabindex: '-1' }, 'Image search');
  if (!(await openToolPage(ctx, heading, 'search_anime_by_image', 'image search', 'Image search is not available on this server (no search_anime_by_image tool).'))) return;

  const ids = { file: uid('file'), url: uid('url') };
  const preview = h('div', { class: 'image-preview' });
  const results = h('section', { class: 'results', 'aria-live': 'polite', 'aria-label': 'Matches' });
  const fileInput = h('input', { id: ids.file, type: 'file', accept: TYPES.join(',') });
  const urlInput = h('input', { id: ids.url, type: 'url', placeholder: 'https://…/poster.jpg', inputmode: 'url' });
  const drop = h(
    'div',
    { class: 'dropzone', tabindex: '0', role: 'group', 'aria-label': 'Drop or paste an image here' },
    h('p', null, 'Drop an image here, paste one (Ctrl/⌘ V), or ', h('label', { for: ids.file, class: 'link' }, 'choose a file'), '.'),
    fileInput,
    preview,
  );
  const urlForm = h(
    'form',
    { class: 'url-form', 'aria-label': 'Search by image URL' },
    h('label', { for: ids.url }, 'Or the image’s URL'),
    h('div', { class: 'row' }, urlInput, h('button', { type: 'submit', class: 'primary' }, 'Search')),
  );
  replace(outlet, heading, drop, urlForm, results);

  const search = async (input: { image_base64: string } | { image_url: string }): Promise<void> => {
    results.setAttribute('aria-busy', 'true');
    replace(results, loading('matches'));
    try {
      const res = await callTool<ImageSearchResponse>('search_anime_by_image', { ...input, limit: 12 }, signal);
      replace(
        results,
        res.lowConfidence || res.note ? h('p', { class: 'alert notice' }, res.note ?? 'These matches are weak: the image may not be an anime poster.') : null,
        warningList(res.warnings),
        res.items.length ? cardGrid('Matches', res.items.map((i) => ({ ...i.anime, extra: `similarity ${i.similarity.toFixed(2)}` }))) : h('p', { class: 'muted' }, 'No matches.'),
      );
    } catch (error) {
      if (!signal.aborted) replace(results, errorMessage(error, 'Image search'));
    } finally {
      results.removeAttribute('aria-busy');
    }
  };
  const useFile = async (file: File | undefined | null): Promise<void> => {
    if (!file) return;
    if (!TYPES.includes(file.type)) return replace(results, errorMessage(new Error(`That file is ${file.type || 'not an image'}; use a JPEG, PNG, WebP or GIF image`), 'Image'));
    if (file.size > MAX_BYTES) return replace(results, errorMessage(new Error(`That image is ${(file.size / 1048576).toFixed(1)} MiB; the limit is 4 MiB`), 'Image'));
    const url = URL.createObjectURL(file);
    signal.addEventListener('abort', () => URL.revokeObjectURL(url));
    replace(preview, h('img', { src: url, alt: 'The image you searched with' }));
    await search({ image_base64: await toBase64(file) });
  };

  fileInput.addEventListener('change', () => void useFile(fileInput.files?.[0]));
  drop.addEventListener('dragover', (e) => (e.preventDefault(), drop.classList.add('over')));
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    void useFile(e.dataTransfer?.files[0]);
  });
  const onPaste = (e: ClipboardEvent): void => {
    const file = [...(e.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
    if (file) {
      e.preventDefault();
      void useFile(file);
    }
  };
  document.addEventListener('paste', onPaste);
  signal.addEventListener('abort', () => document.removeEventListener('paste', onPaste));
  urlForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const url = urlInput.value.trim();
    if (!/^https?:\/\//i.test(url)) return replace(results, errorMessage(new Error('Give an http(s) address of an image'), 'Image URL'));
    replace(preview);
    void search({ image_url: url });
  });
}
