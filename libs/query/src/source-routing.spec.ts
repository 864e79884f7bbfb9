import { describe, expect, it } from 'vitest';
import { planQuery } from './plan-query';

const plan = (q: string) => planQuery(q, { now: new Date('2025-06-01T12:00:00Z') });

// Questions that only a scraped site answers: the plan names the site and the field, so the agent asks that site.
describe('source routing to the scraped sites', () => {
  it('"German synopsis from AniSearch of Death Note" → details, the German synopsis, from AniSearch', () => {
    expect(plan('German synopsis from AniSearch of Death Note')).toMatchObject({ intent: 'details', text: 'Death Note', sources: ['anisearch'], fields: ['german-synopsis'] });
  });

  it('"what LiveChart says about Frieren" → details from LiveChart (synopsis, rating, episodes)', () => {
    expect(plan('what LiveChart says about Frieren')).toMatchObject({ intent: 'details', text: 'Frieren', sources: ['livechart'], fields: ['synopsis', 'rating', 'episodes'] });
    expect(plan('What does SIMKL say about Death Note?')).toMatchObject({ intent: 'details', text: 'Death Note', sources: ['simkl'] });
  });

  it('"Anime-Planet rating of Fullmetal Alchemist Brotherhood" → details, rating, from Anime-Planet', () => {
    expect(plan('Anime-Planet rating of Fullmetal Alchemist Brotherhood')).toMatchObject({ intent: 'details', text: 'Fullmetal Alchemist Brotherhood', sources: ['anime-planet'], fields: ['rating'] });
  });
});
