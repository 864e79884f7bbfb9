import { h } from './dom';

/**
 * A poster image that degrades to a neat placeholder (the title's initials on a tinted block)
 * when the image is missing or cannot load — posters come from third-party CDNs and often fail.
 */
export function poster(src: string | undefined, title: string, size: 'thumb' | 'large' = 'thumb'): HTMLElement {
  const initials = title
    .split(/\s+/)
    .filter((w) => /^[\p{L}\p{N}]/u.test(w))
    .slice(0, 2)
    .map((w) => [...w][0]?.toUpperCase())
    .join('');
  const hue = [...title].reduce((acc, c) => (acc * 31 + (c.codePointAt(0) ?? 0)) % 360, 7);
  const placeholder = h('span', { class: 'poster-placeholder', 'aria-hidden': 'true' }, initials || '?');
  const frame = h('span', { class: `poster poster-${size}` }, placeholder);
  // Through the CSSOM, not a style attribute: the CSP (style-src 'self') blocks inline styles.
  frame.style.setProperty('--hue', String(hue));
  if (src && !/\/no_pic|missing/i.test(src)) {
    const img = h('img', { src, alt: '', loading: 'lazy', decoding: 'async', referrerpolicy: 'no-referrer' });
    img.addEventListener('load', () => frame.classList.add('loaded'));
    img.addEventListener('error', () => img.remove());
    frame.appendChild(img);
  }
  return frame;
}
