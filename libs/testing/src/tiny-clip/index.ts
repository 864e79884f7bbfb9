export { writeTinyClip, VIT_B32_SIZES } from './write-tiny-clip';
export type { TinyClipOptions } from './write-tiny-clip';
export { makePoster } from './poster';
export { startPosterServer } from './poster-server';
export type { PosterServer } from './poster-server';
