import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { RpcContract } from '@anime/contracts';
import { RpcServer, type RpcHandlerFn } from '../rpc-server';
import { RPC_HANDLER_METADATA } from './tokens';

/** Finds every `@RpcHandler` method at boot, serves it, and drains on shutdown. */
@Injectable()
export class RpcHandlerExplorer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly server: RpcServer,
  ) {}

  onApplicationBootstrap(): void {
    for (const wrapper of [...this.discovery.getProviders(), ...this.discovery.getControllers()]) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const method = instance[name];
        if (typeof method !== 'function') continue;
        const contract = this.reflector.get<RpcContract | undefined>(RPC_HANDLER_METADATA, method);
        if (contract) this.server.register(contract, method.bind(instance) as RpcHandlerFn<RpcContract>);
      }
    }
    this.server.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.server.stop();
  }
}
