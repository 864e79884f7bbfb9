import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError, CancelledError, DeadlineExceededError, NotFoundError, UpstreamChangedError } from '@anime/contracts';
import { sharedDir } from '@anime/testing';
import { abortError, expectField, isUpstreamHealthFailure, redactUrl, sourceUnavailable } from './upstream-errors';

const fixture = (file: string): unknown => JSON.parse(readFileSync(resolve(sharedDir(), 'fixtures', file), 'utf8'));

describe('expectField', () => {
  it('reads paths from real recorded responses', () => {
    expect(expectField(fixture('jikan/anime_1_full.json'), 'data.title', 'jikan')).toBe('Cowboy Bebop');
    expect(expectField(fixture('kitsu/1517.json'), 'data.0.attributes.slug', 'kitsu')).toBe('five-centimeters-per-second');
    expect(expectField(fixture('anilist/tv.json'), 'data.Media.title.english', 'anilist')).toBe('Fullmetal Alchemist: Brotherhood');
  });

  it('throws UpstreamChangedError naming the source and the missing path', () => {
    const body = fixture('jikan/anime_1_full.json');
    const error = (() => {
      try {
        return expectField(body, 'data.broadcast.timezone_v2', 'jikan');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UpstreamChangedError);
    expect((error as AppError).message).toContain("'data.broadcast.timezone_v2'");
    expect((error as AppError).details).toEqual({ source: 'jikan', path: 'data.broadcast.timezone_v2', reached: 'data.broadcast' });
    expect(() => expectField({ data: { title: null } }, 'data.title', 'jikan')).toThrow(UpstreamChangedError);
    expect(() => expectField('not an object', 'data', 'jikan')).toThrow("jikan response has no 'data'");
  });
});

describe('redactUrl', () => {
  it('masks secret-looking params and credentials, keeps the rest', () => {
    expect(redactUrl('https://user:pw@api.example/v1/x?q=bebop&api_key=s1&access_token=s2&clientSecret=ok&client_secret=s3&page=2')).toBe(
      'https://api.example/v1/x?q=bebop&api_key=***&access_token=***&clientSecret=ok&client_secret=***&page=2',
    );
  });
});

describe('isUpstreamHealthFailure / abortError', () => {
  it('counts 5xx, timeouts and network errors only', () => {
    expect(isUpstreamHealthFailure(sourceUnavailable('x', 'server-error', 'm'))).toBe(true);
    expect(isUpstreamHealthFailure(sourceUnavailable('x', 'timeout', 'm'))).toBe(true);
    expect(isUpstreamHealthFailure(sourceUnavailable('x', 'network', 'm'))).toBe(true);
    expect(isUpstreamHealthFailure(sourceUnavailable('x', 'client-error', 'm'))).toBe(false);
    expect(isUpstreamHealthFailure(new NotFoundError('m'))).toBe(false);
    expect(isUpstreamHealthFailure(new CancelledError('m'))).toBe(false);
    expect(isUpstreamHealthFailure(new TypeError('fetch failed'))).toBe(true);
  });

  it('maps a deadline to DeadlineExceededError and anything else to CancelledError', async () => {
    const timeout = AbortSignal.timeout(1);
    await new Promise((r) => timeout.addEventListener('abort', r));
    expect(abortError(timeout, 'jikan')).toBeInstanceOf(DeadlineExceededError);
    expect(abortError(AbortSignal.abort(), 'jikan')).toBeInstanceOf(CancelledError);
    const reason = new DeadlineExceededError('rpc deadline');
    expect(abortError(AbortSignal.abort(reason))).toBe(reason);
  });
});
