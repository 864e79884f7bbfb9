/** What a page gets when its route is shown. */
export interface PageContext {
  /** Where the page draws itself. */
  outlet: HTMLElement;
  /** Captures of the route pattern (e.g. the anime id). */
  params: string[];
  /** `?a=b` after the hash path. */
  query: URLSearchParams;
  /** Aborted when the user leaves the page: stop fetches, timers and streams with it. */
  signal: AbortSignal;
}

export interface Route {
  /** Matched against the hash path (`/search`, `/anime/mal%3A1`). */
  pattern: RegExp;
  /** Label of the nav link and the document title. */
  title: string;
  render(ctx: PageContext): void | Promise<void>;
}

/** Splits `#/anime/x?y=1` into path and query. */
export function parseHash(hash: string): { path: string; query: URLSearchParams } {
  const raw = hash.replace(/^#/, '') || '/search';
  const q = raw.indexOf('?');
  return { path: q < 0 ? raw : raw.slice(0, q), query: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)) };
}

/**
 * Hash routing (#/search, #/anime/<id>, #/image, #/schedule, #/admin): the gateway only serves
 * index.html and its assets, and every view is linkable. Leaving a page aborts its signal.
 */
export function startRouter(routes: readonly Route[], outlet: HTMLElement, onNavigate: (route: Route | undefined) => void): void {
  let current: AbortController | undefined;
  const show = (): void => {
    current?.abort();
    current = new AbortController();
    const { path, query } = parseHash(location.hash);
    const route = routes.find((r) => r.pattern.test(path));
    onNavigate(route);
    outlet.replaceChildren();
    if (!route) {
      location.replace('#/search');
      return;
    }
    const params = (route.pattern.exec(path) ?? []).slice(1).map((p) => decodeURIComponent(p));
    void route.render({ outlet, params, query, signal: current.signal });
  };
  window.addEventListener('hashchange', show);
  show();
}
