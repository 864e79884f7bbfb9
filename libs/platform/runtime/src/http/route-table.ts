/**
 * The methods an Express app's routes accept for a path, read from the router itself after Nest
 * registered its controllers — so a 405's `Allow` header can never drift from the real routes.
 */

/** What we rely on of an Express 5 router layer (`router` 2.x); anything else is ignored. */
interface RouteLayer {
  route?: { methods?: Record<string, boolean> };
  match?: (path: string) => unknown;
}

const isRouteLayer = (layer: unknown): layer is RouteLayer & { route: { methods: Record<string, boolean> }; match: (path: string) => unknown } => {
  const l = layer as RouteLayer | null;
  return typeof l === 'object' && l !== null && typeof l.match === 'function' && typeof l.route?.methods === 'object';
};

/**
 * Methods (upper case, sorted) some route of `expressApp` serves at `path`; HEAD is listed where
 * GET is (Express answers it). `undefined` when a route takes every method (`app.all`), and `[]`
 * when no route matches the path at all (a real 404).
 */
export function allowedMethods(expressApp: unknown, path: string): string[] | undefined {
  const stack = (expressApp as { router?: { stack?: unknown[] } } | null)?.router?.stack ?? [];
  const methods = new Set<string>();
  for (const layer of stack) {
    // router 2.x's Layer#match returns the match without storing it on the layer (no shared state).
    if (!isRouteLayer(layer) || !layer.match(path)) continue;
    for (const [method, on] of Object.entries(layer.route.methods)) {
      if (!on) continue;
      if (method === '_all') return undefined;
      methods.add(method.toUpperCase());
    }
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}
