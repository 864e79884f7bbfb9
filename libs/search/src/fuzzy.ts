/**
 * One-typo term lookup with a small footprint: vocabulary terms are bucketed by length and by
 * their first and second characters (and the unordered first pair, for swapped first letters);
 * a query probes the few buckets a single insert/delete/substitute/swap can land in and checks
 * each candidate exactly. Unlike a deletion-neighbourhood (SymSpell) index it stores three
 * integers per term instead of one string per deletion (≈1 MB instead of ≈45 MB at 40k entries).
 */
export class TypoIndex {
  private readonly terms: string[];
  private readonly buckets = new Map<string, number[]>();

  constructor(terms: Iterable<string>, private readonly minLength = 4) {
    this.terms = [...terms].filter((t) => t.length >= minLength && t.length <= 24);
    this.terms.forEach((term, id) => {
      for (const key of keysOf(term)) {
        const list = this.buckets.get(key);
        if (list) list.push(id);
        else this.buckets.set(key, [id]);
      }
    });
  }

  /** Terms within one edit (insert, delete, substitute; adjacent swaps count as one) of `query`. */
  lookup(query: string): string[] {
    if (query.length < this.minLength - 1 || query.length > 25) return [];
    const [q0 = '', q1 = '', q2 = ''] = query;
    const found = new Set<string>();
    for (let len = query.length - 1; len <= query.length + 1; len++) {
      const probes = [`${len}|a${q0}`, `${len}|a${q1}`, `${len}|b${q0}`, `${len}|b${q1}`, `${len}|b${q2}`, `${len}|p${[q0, q1].sort().join('')}`];
      for (const key of probes) {
        for (const id of this.buckets.get(key) ?? []) {
          const term = this.terms[id] as string;
          if (term !== query && withinOneEdit(query, term)) found.add(term);
        }
      }
    }
    return [...found];
  }
}

function keysOf(term: string): string[] {
  const [t0 = '', t1 = ''] = term;
  return [`${term.length}|a${t0}`, `${term.length}|b${t1}`, `${term.length}|p${[t0, t1].sort().join('')}`];
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
