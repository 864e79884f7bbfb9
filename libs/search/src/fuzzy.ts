/**
 * Edit-distance-1 lookup by deletion neighbourhoods (SymSpell): every vocabulary term of length
 * ≥ 4 is stored under itself minus each one character; a query term matches a term when their
 * neighbourhoods meet. O(length) per lookup, no scan of the vocabulary.
 */
export class DeletionIndex {
  private readonly byDeletion = new Map<string, string[]>();

  constructor(terms: Iterable<string>, private readonly minLength = 4) {
    for (const term of terms) {
      if (term.length < minLength || term.length > 24) continue;
      for (const variant of deletions(term)) {
        const list = this.byDeletion.get(variant);
        if (list) {
          if (list[list.length - 1] !== term) list.push(term);
        } else this.byDeletion.set(variant, [term]);
      }
    }
  }

  /** Terms within one edit (insert, delete, substitute; adjacent swaps count as one) of `query`. */
  lookup(query: string): string[] {
    if (query.length < this.minLength - 1 || query.length > 25) return [];
    const found = new Set<string>();
    for (const variant of [query, ...deletions(query)]) {
      for (const term of this.byDeletion.get(variant) ?? []) if (term !== query && withinOneEdit(query, term)) found.add(term);
    }
    return [...found];
  }
}

function deletions(term: string): string[] {
  const out: string[] = [term];
  for (let i = 0; i < term.length; i++) out.push(term.slice(0, i) + term.slice(i + 1));
  return out;
}

/** Damerau distance ≤ 1 (one insert, delete, substitution or adjacent transposition). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // swap
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
