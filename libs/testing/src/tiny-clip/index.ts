export { writeTinyClip, VIT_B32_SIZES } from './write-tiny-clip';
export type { TinyClipOptions } from './write-tiny-clip';
export { makePoster } from './poster';
