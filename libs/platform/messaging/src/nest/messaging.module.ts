import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { LOGGER, METRICS, type Logger, type Metrics } from '@anime/platform-observability';
import type { Clock } from '../clock';
import { EventBus } from '../event-bus';
import { RpcClient } from '../rpc-client';
import { RpcServer } from '../rpc-server';
import type { RawTransport } from '../transport';
import { RpcHandlerExplorer } from './rpc-handler.explorer';
import { RPC_TRANSPORT } from './tokens';

export interface MessagingModuleOptions {
  /** App name: queue group of its handlers and x-caller of its calls. */
  app: string;
  /** Created by the app's bootstrap (it owns the connection's lifecycle). */
  transport: RawTransport;
  subjectPrefix?: string;
  clock?: Clock;
  /** How long in-flight handlers may run on after shutdown starts. */
  shutdownGraceMs?: number;
}

/** Provides `RpcClient` to every module and serves every `@RpcHandler` of the app. */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      imports: [DiscoveryModule],
      providers: [
        { provide: RPC_TRANSPORT, useValue: options.transport },
        {
          provide: RpcServer,
          inject: [LOGGER, METRICS],
          useFactory: (logger: Logger, metrics: Metrics) =>
            new RpcServer({
              transport: options.transport,
              queue: options.app,
              subjectPrefix: options.subjectPrefix,
              logger,
              metrics,
              clock: options.clock,
              shutdownGraceMs: options.shutdownGraceMs,
            }),
        },
        {
          provide: RpcClient,
          inject: [METRICS],
          useFactory: (metrics: Metrics) =>
            new RpcClient({ transport: options.transport, caller: options.app, subjectPrefix: options.subjectPrefix, metrics, clock: options.clock }),
        },
        {
          provide: EventBus,
          inject: [LOGGER],
          useFactory: (logger: Logger) => new EventBus({ transport: options.transport, source: options.app, subjectPrefix: options.subjectPrefix, logger }),
        },
        RpcHandlerExplorer,
      ],
      exports: [RPC_TRANSPORT, RpcServer, RpcClient, EventBus],
    };
  }
}
