/**
 * `import()` that survives compilation to CommonJS. SWC (tools/build and vitest alike) rewrites a
 * literal `import(x)` into `require(x)`, and `require` of an ESM-only package such as got-scraping 4
 * fails with ERR_PACKAGE_PATH_NOT_EXPORTED (its `exports` has no `require` condition). A function
 * built at run time is never seen by the compiler, so Node's native ESM loader handles the import.
 * Only for bare package specifiers chosen in code, never for user input.
 */
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- the whole point: hide the import() from the CommonJS transform
const nativeImport = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

/** Loads an ESM-only package from CommonJS output (see the file comment for why not plain `import()`). */
export async function importEsm<T>(specifier: string): Promise<T> {
  return (await nativeImport(specifier)) as T;
}
