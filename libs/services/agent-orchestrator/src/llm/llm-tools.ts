import { CatalogContracts, DetailsContracts, toJsonSchema, type RpcContract } from '@anime/contracts';

/** A tool the model may call: a contract, described for a model. */
export interface LlmTool {
  name: string;
  description: string;
  contract: RpcContract;
}

/** The catalog and live-detail operations, under the names the MCP tools use. */
export const LLM_TOOLS: readonly LlmTool[] = [
  { name: 'search_anime', description: 'Search the anime catalog by title (any language, typos ok) and/or filters (years, seasons, types, statuses, tags all/any/none, studios, episodes, score, platforms). Returns items with ids.', contract: CatalogContracts.search },
  { name: 'get_anime', description: 'Every catalog field of one anime by id ("mal:1535"), platform id or URL.', contract: CatalogContracts.get },
  { name: 'get_related_anime', description: 'Sequels, prequels, side stories of an anime (by id).', contract: CatalogContracts.related },
  { name: 'anime_catalog_stats', description: 'Counts of the catalog by type, status, year, platform.', contract: CatalogContracts.stats },
  { name: 'get_anime_details', description: 'Live details (synopsis, score, characters, staff, streaming, airing…) of one anime from AniList, MAL and Kitsu, each value with its source.', contract: DetailsContracts.get },
  { name: 'compare_anime_across_platforms', description: 'Scores, episodes and status of one anime side by side across AniList, MAL and Kitsu.', contract: DetailsContracts.compare },
];

/** OpenAI-style function specs (accepted by the OpenAI-compatible and Anthropic chat models). */
export function toolSpecs(): Array<{ type: 'function'; function: { name: string; description: string; parameters: Record<string, unknown> } }> {
  return LLM_TOOLS.map((t) => {
    const { $schema: _schema, ...parameters } = toJsonSchema(t.contract.request, 'input');
    return { type: 'function' as const, function: { name: t.name, description: t.description, parameters } };
  });
}
