// Types for the two CommonJS text packages the plot analyzer uses (neither ships its own).
declare module 'wink-porter2-stemmer' {
  /** Porter2 ("English" Snowball) stem of one lower-case word. */
  function stem(word: string): string;
  export = stem;
}

declare module 'stopword' {
  /** English stop words (lower case). */
  export const eng: readonly string[];
}
