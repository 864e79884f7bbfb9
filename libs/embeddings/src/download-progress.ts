import { MultiBar, Presets, type SingleBar } from 'cli-progress';

/** What ClipOptions.onProgress receives. */
export interface DownloadProgress {
  file: string;
  loaded: number;
  total: number;
}

/**
 * A terminal progress bar per downloaded model file (cli-progress), for the first online run
 * that fetches CLIP. Pass `onProgress` to ClipEncoder.load and call `stop()` when it returns.
 */
export function downloadProgressBars(stream: NodeJS.WritableStream = process.stderr): { onProgress: (p: DownloadProgress) => void; stop: () => void } {
  const multi = new MultiBar({ format: ' {file} |{bar}| {percentage}% {value}/{total} bytes', hideCursor: true, stream: stream as NodeJS.WriteStream }, Presets.shades_classic);
  const bars = new Map<string, SingleBar>();
  return {
    onProgress: ({ file, loaded, total }): void => {
      let bar = bars.get(file);
      if (!bar) bars.set(file, (bar = multi.create(total, 0, { file })));
      bar.setTotal(Math.max(total, loaded));
      bar.update(loaded, { file });
    },
    stop: (): void => multi.stop(),
  };
}
