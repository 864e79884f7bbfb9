/** A child of {@link h}: nodes, text, nested lists; null/undefined/false are skipped. */
export type Child = Node | string | number | null | undefined | false | readonly Child[];

type Handler = (event: Event) => void;
/** Attributes (string/number/boolean; false/null/undefined = absent), `on<event>` handlers, and the `value`/`checked` properties. */
export type Props = Record<string, string | number | boolean | null | undefined | Handler>;

/**
 * Creates an element. Text always goes in as text nodes (never HTML), so data from the API
 * cannot inject markup; that is why the console has no innerHTML anywhere.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (key === 'style') throw new Error('set styles through el.style: the CSP blocks style attributes');
    if (typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'value' || key === 'checked') (el as unknown as Record<string, unknown>)[key] = value;
    else if (value === true) el.setAttribute(key, '');
    else if (value !== false && value !== null && value !== undefined) el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

/** Appends children (flattening lists, skipping empties). */
export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces every child of `parent`. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

let ids = 0;
/** A unique element id (label ↔ input pairs). */
export const uid = (prefix: string): string => `${prefix}-${++ids}`;
