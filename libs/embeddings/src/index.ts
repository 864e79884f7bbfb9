export { ClipEncoder } from './clip-encoder';
export type { ClipOptions } from './clip-encoder';
export type { ClipDtype } from './model-source';
export type { ClipDevice } from './execution-device';
export { ModelUnavailableError } from './model-errors';
export { downloadProgressBars } from './download-progress';
export type { DownloadProgress } from './download-progress';
export { entryText } from './entry-text';
export type { EntryTextFields } from './entry-text';
