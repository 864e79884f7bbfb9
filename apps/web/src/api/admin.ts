import { requestJson } from './http';

const STORAGE_KEY = 'anime-console-admin-key';

/** The admin key lives in sessionStorage: this tab only, gone when the tab closes; never in a URL or a cookie. */
export const adminKey = {
  get: (): string | null => sessionStorage.getItem(STORAGE_KEY),
  set: (key: string): void => sessionStorage.setItem(STORAGE_KEY, key),
  clear: (): void => sessionStorage.removeItem(STORAGE_KEY),
};

/** A call to `/api/admin/*` with the tab's key in `x-api-key`. */
export function adminRequest<T>(path: string, init: RequestInit = {}): Promise<T> {
  const key = adminKey.get() ?? '';
  const headers: Record<string, string> = { 'x-api-key': key, ...(init.body ? { 'content-type': 'application/json' } : {}) };
  return requestJson<T>(`/api/admin/${path}`, { ...init, headers: { ...headers, ...init.headers } });
}

/** The admin route that starts each kind of update. */
export const UPDATE_ROUTES = {
  incremental: 'update-incremental',
  full: 'update-full',
  smart: 'smart-update',
  'safety-check': 'update-safety-check',
} as const;

/** Progress of a job as a fraction 0–1, or undefined when its size is not known yet. */
export function jobFraction(progress: { processed: number; total?: number; bytesRead?: number; totalBytes?: number }, finished: boolean): number | undefined {
  if (finished) return 1;
  if (progress.total) return Math.min(1, progress.processed / progress.total);
  if (progress.totalBytes && progress.bytesRead !== undefined) return Math.min(1, progress.bytesRead / progress.totalBytes);
  return undefined;
}
