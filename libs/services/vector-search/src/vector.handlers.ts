import { Injectable } from '@nestjs/common';
import { VectorContracts, type RpcOutput, type RpcParsedRequest } from '@anime/contracts';
import { RpcHandler } from '@anime/platform-messaging';
import { HybridSearchUseCase } from './hybrid-search.usecase';
import { ImageSearchUseCase } from './image-search.usecase';
import { SimilarAnimeUseCase } from './similar-anime.usecase';

type C = typeof VectorContracts;

/** `catalog.v1.anime.{hybrid-search,by-image,visually-similar,multimodal,similar}`: thin, one use case each. */
@Injectable()
export class VectorHandlers {
  constructor(
    private readonly hybrid: HybridSearchUseCase,
    private readonly images: ImageSearchUseCase,
    private readonly similarAnime: SimilarAnimeUseCase,
  ) {}

  @RpcHandler(VectorContracts.hybridSearch)
  hybridSearch(request: RpcParsedRequest<C['hybridSearch']>): Promise<RpcOutput<C['hybridSearch']>> {
    return this.hybrid.execute(request);
  }

  @RpcHandler(VectorContracts.byImage)
  byImage(request: RpcParsedRequest<C['byImage']>): Promise<RpcOutput<C['byImage']>> {
    return this.images.byImage(request);
  }

  @RpcHandler(VectorContracts.visuallySimilar)
  visuallySimilar(request: RpcParsedRequest<C['visuallySimilar']>): Promise<RpcOutput<C['visuallySimilar']>> {
    return this.images.visuallySimilar(request);
  }

  @RpcHandler(VectorContracts.multimodal)
  multimodal(request: RpcParsedRequest<C['multimodal']>): Promise<RpcOutput<C['multimodal']>> {
    return this.images.multimodal(request);
  }

  @RpcHandler(VectorContracts.similar)
  similar(request: RpcParsedRequest<C['similar']>): Promise<RpcOutput<C['similar']>> {
    return this.similarAnime.execute(request);
  }
}
