/**
 * Response bodies for `/anime/1/episodes`, `/anime/1/recommendations` and `/anime/1/statistics`.
 * No recorded responses exist for these endpoints in ../shared/fixtures: these are BUILT BY HAND
 * in the shape the Jikan v4 API reference documents (docs.api.jikan.moe), with Cowboy Bebop
 * values, for tests only. Not upstream recordings.
 */
export const documentedEpisodesBody = {
  pagination: { last_visible_page: 1, has_next_page: false },
  data: [
    {
      mal_id: 1,
      url: 'https://myanimelist.net/anime/1/Cowboy_Bebop/episode/1',
      title: 'Asteroid Blues',
      title_japanese: 'アステロイド・ブルース',
      title_romanji: 'Asteroid Blues',
      aired: '1998-10-24T00:00:00+00:00',
      score: 4.6,
      filler: false,
      recap: false,
      forum_url: 'https://myanimelist.net/forum/?topicid=29264',
    },
    {
      mal_id: 2,
      url: 'https://myanimelist.net/anime/1/Cowboy_Bebop/episode/2',
      title: 'Stray Dog Strut',
      title_japanese: '野良犬のストラット',
      title_romanji: 'Stray Dog Strut',
      aired: '1998-10-31T00:00:00+00:00',
      score: 4.5,
      filler: false,
      recap: false,
      forum_url: null,
    },
    // An episode MAL has not dated yet: `aired` is null.
    { mal_id: 3, url: null, title: 'Honky Tonk Women', title_japanese: null, title_romanji: null, aired: null, score: null, filler: false, recap: false, forum_url: null },
  ],
};

export const documentedRecommendationsBody = {
  data: [
    {
      entry: { mal_id: 205, url: 'https://myanimelist.net/anime/205/Samurai_Champloo', images: {}, title: 'Samurai Champloo' },
      url: 'https://myanimelist.net/recommendations/anime/1-205',
      votes: 166,
    },
    {
      entry: { mal_id: 6, url: 'https://myanimelist.net/anime/6/Trigun', images: {}, title: 'Trigun' },
      url: 'https://myanimelist.net/recommendations/anime/1-6',
      votes: 98,
    },
  ],
};

export const documentedStatisticsBody = {
  data: {
    watching: 140129,
    completed: 1000561,
    on_hold: 81024,
    dropped: 17839,
    plan_to_watch: 356287,
    total: 1595840,
    scores: [
      { score: 10, votes: 401829, percentage: 41.6 },
      { score: 9, votes: 265893, percentage: 27.5 },
      { score: 1, votes: 3681, percentage: 0.4 },
    ],
  },
};
