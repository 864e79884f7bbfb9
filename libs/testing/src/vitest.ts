/**
 * The test helpers that need vitest itself (they register tests). A separate entry point,
 * `@anime/testing/vitest`, because `@anime/testing` is also loaded by the bench and load CLIs
 * outside vitest, and vitest refuses to be required from CommonJS.
 */
export { itWhen, describeWhen, skippedTitle } from './skips';
