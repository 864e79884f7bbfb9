import { describe, expect, it } from 'vitest';
import { UpstreamChangedError } from '@anime/contracts';
import { parseKitsuStreamingLinks } from './kitsu-streaming.parser';

// No recorded /streaming-links response exists among the shared fixtures, so this document is
// written from Kitsu's JSON:API resource shape (streamingLinks → streamer → streamers.siteName);
// the values are illustrative, not captured.
const document = {
  data: [
    {
      id: '101',
      type: 'streamingLinks',
      attributes: { url: 'https://www.crunchyroll.com/series/GYVNM8476/cowboy-bebop', subs: ['en'], dubs: ['ja', 'en'] },
      relationships: { streamer: { data: { type: 'streamers', id: '1' } } },
    },
    {
      id: '102',
      type: 'streamingLinks',
      attributes: { url: 'https://www.hulu.com/series/cowboy-bebop', subs: ['en'], dubs: ['en'] },
      relationships: { streamer: { data: null } },
    },
  ],
  included: [{ id: '1', type: 'streamers', attributes: { siteName: 'Crunchyroll' } }],
};

describe('parseKitsuStreamingLinks', () => {
  it('names each link by its included streamer, or by the host when Kitsu has no streamer', () => {
    expect(parseKitsuStreamingLinks(document)).toEqual([
      { site: 'Crunchyroll', url: 'https://www.crunchyroll.com/series/GYVNM8476/cowboy-bebop' },
      { site: 'hulu.com', url: 'https://www.hulu.com/series/cowboy-bebop' },
    ]);
  });

  it('reads an empty list as "no known streams"', () => {
    expect(parseKitsuStreamingLinks({ data: [], meta: { count: 0 } })).toEqual([]);
  });

  it('throws UpstreamChangedError when a referenced streamer is not included or a url is missing', () => {
    expect(() => parseKitsuStreamingLinks({ ...document, included: [] })).toThrow(/included\[streamers\/1\]/);
    const noUrl = { ...document, data: [{ ...document.data[0], attributes: {} }] };
    expect(() => parseKitsuStreamingLinks(noUrl)).toThrow(UpstreamChangedError);
    expect(() => parseKitsuStreamingLinks(noUrl)).toThrow(/data\.0\.attributes\.url/);
  });
});
