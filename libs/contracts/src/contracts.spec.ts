import { describe, expect, it } from 'vitest';
import {
  AnimeSchema,
  DatasetMetaSchema,
  ManamiAnimeSchema,
  ErrorBodySchema,
  HEALTH_CONTRACTS,
  CatalogContracts,
  IngestContracts,
  AgentContracts,
  SourceContracts,
  SourceListContracts,
  DetailsContracts,
  ScheduleContracts,
  VectorContracts,
  PlotContracts,
  DatasetPublishedEvent,
  NotFoundError,
  RateLimitedError,
  AppError,
  contractJsonSchemas,
  defineRpc,
  errorFromBody,
  toJsonSchema,
} from './index';
import { z } from 'zod';

describe('contract JSON Schemas', () => {
  // The snapshot is the published interface: a change here is a breaking-change review.
  it('match the committed snapshot (a breaking change fails CI)', async () => {
    const schemas = {
      entities: {
        ManamiAnime: toJsonSchema(ManamiAnimeSchema),
        Anime: toJsonSchema(AnimeSchema),
        DatasetMeta: toJsonSchema(DatasetMetaSchema),
        ErrorBody: toJsonSchema(ErrorBodySchema),
      },
      contracts: [...Object.values(HEALTH_CONTRACTS), ...Object.values(CatalogContracts), ...Object.values(IngestContracts), ...Object.values(AgentContracts), ...Object.values(SourceContracts), ...Object.values(SourceListContracts), ...Object.values(DetailsContracts), ...Object.values(ScheduleContracts), ...Object.values(VectorContracts), ...Object.values(PlotContracts)].map(contractJsonSchemas),
      events: [DatasetPublishedEvent].map((e) => ({ subject: e.subject, payload: toJsonSchema(e.payload) })),
    };
    await expect(JSON.stringify(schemas, null, 2)).toMatchFileSnapshot('./__snapshots__/json-schemas.json');
  });
});

describe('defineRpc', () => {
  it('rejects subjects that break <context>.v<major>.<entity>.<verb>', () => {
    const def = { description: 'x', request: z.object({}), response: z.object({}) };
    expect(() => defineRpc({ ...def, subject: 'catalog.anime.get' })).toThrow(/<context>\.v<major>/);
    expect(() => defineRpc({ ...def, subject: 'Catalog.v1.anime.get' })).toThrow();
    expect(() => defineRpc({ ...def, subject: 'catalog.v1.anime.get.extra' })).toThrow();
    expect(defineRpc({ ...def, subject: 'catalog.v1.anime.get' }).subject).toBe('catalog.v1.anime.get');
  });

  it('always declares the transport error codes and a default timeout', () => {
    const c = defineRpc({ subject: 'catalog.v1.anime.get', description: 'x', request: z.object({}), response: z.object({}), errors: ['NOT_FOUND'] });
    expect(c.errors).toEqual(expect.arrayContaining(['NOT_FOUND', 'DEADLINE_EXCEEDED', 'SERVICE_UNAVAILABLE', 'VALIDATION_FAILED']));
    expect(c.defaultTimeoutMs).toBe(5000);
  });
});

describe('typed errors', () => {
  it('round-trip through their wire shape as the same class', () => {
    const original = new NotFoundError('No anime "mal:0"', { details: { id: 'mal:0' } });
    const rebuilt = errorFromBody(JSON.parse(JSON.stringify(original.toBody())));
    expect(rebuilt).toBeInstanceOf(NotFoundError);
    expect(rebuilt).toBeInstanceOf(AppError);
    expect(rebuilt).toMatchObject({ code: 'NOT_FOUND', message: 'No anime "mal:0"', details: { id: 'mal:0' }, httpStatus: 404 });
    expect(errorFromBody(new RateLimitedError('slow down', { retryAfterMs: 1500 }).toBody())).toMatchObject({ retryAfterMs: 1500, httpStatus: 429 });
  });
});
