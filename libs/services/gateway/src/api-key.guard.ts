import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ForbiddenError, UnauthenticatedError } from '@anime/contracts';
import { GATEWAY_ENV, type GatewayEnv } from './gateway.env';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Admin routes need a key from ADMIN_API_KEYS in `x-api-key` or `Authorization: Bearer`.
 * No key → 401; a wrong key (or admin disabled) → 403. Keys are compared as SHA-256 digests with
 * timingSafeEqual, so neither content nor length leaks through timing.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys: Buffer[];

  constructor(@Inject(GATEWAY_ENV) env: GatewayEnv) {
    this.keys = env.ADMIN_API_KEYS.map(digest);
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const bearer = /^Bearer\s+(.+)$/i.exec(req.header('authorization') ?? '')?.[1];
    const presented = req.header('x-api-key') ?? bearer;
    if (!presented) {
      throw new UnauthenticatedError('This admin endpoint needs an API key: send it as "x-api-key: <key>" or "Authorization: Bearer <key>"');
    }
    if (this.keys.length === 0) throw new ForbiddenError('The admin API is disabled on this server: set ADMIN_API_KEYS to enable it');
    const candidate = digest(presented);
    let ok = false;
    for (const key of this.keys) ok = timingSafeEqual(key, candidate) || ok; // no early exit
    if (!ok) throw new ForbiddenError('This API key is not valid for the admin API');
    return true;
  }
}
