import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { IngestContracts, type UpdateJob } from '@anime/contracts';
import { RpcClient } from '@anime/platform-messaging';
import { ApiKeyGuard } from './api-key.guard';
import { parseInput } from './parse-input';

const UpdateBody = z.object({
  source: z.string().min(1).max(2000).optional().describe('URL or local path; default ANIME_DB_SOURCE'),
  force: z.boolean().default(false),
}).strict();
const SourceBody = z.object({ source: z.string().min(1).max(2000).optional() }).strict();
const ScheduleBody = z.object({ cron: z.string().max(100).nullable().default('0 4 * * 1'), kind: IngestContracts.setSchedule.request.shape.kind }).strict();
const RollbackBody = z.object({ version: z.string().max(100).optional() }).strict();
const LimitQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).optional() });

/**
 * The dataset admin operations (`ingest.v1.*`), API-key protected. Update routes answer 202 with
 * the job and a Location to poll; progress is in `GET /api/admin/update-status?jobId=…`.
 */
@Controller('api/admin')
@UseGuards(ApiKeyGuard)
export class AdminController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('check-updates')
  @HttpCode(200)
  checkUpdates(@Body() body: unknown) {
    return this.rpc.call(IngestContracts.checkUpdates, parseInput(SourceBody, body, 'body'));
  }

  @Post('update-incremental')
  @HttpCode(202)
  updateIncremental(@Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    return this.start('incremental', body, res);
  }

  @Post('update-full')
  @HttpCode(202)
  updateFull(@Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    return this.start('full', body, res);
  }

  @Post('smart-update')
  @HttpCode(202)
  smartUpdate(@Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    return this.start('smart', body, res);
  }

  @Post('update-safety-check')
  @HttpCode(202)
  safetyCheck(@Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    return this.start('safety-check', body, res);
  }

  @Get('update-status')
  updateStatus(@Query('jobId') jobId?: string) {
    return this.rpc.call(IngestContracts.getJob, { id: jobId || undefined });
  }

  @Get('jobs')
  jobs(@Query() query: unknown) {
    return this.rpc.call(IngestContracts.listJobs, { limit: parseInput(LimitQuery, query, 'query').limit ?? 20 });
  }

  @Get('jobs/:id')
  job(@Param('id') id: string) {
    return this.rpc.call(IngestContracts.getJob, { id });
  }

  @Get('versions')
  versions() {
    return this.rpc.call(IngestContracts.listVersions, {});
  }

  @Post('rollback')
  @HttpCode(200)
  rollback(@Body() body: unknown) {
    return this.rpc.call(IngestContracts.rollback, parseInput(RollbackBody, body, 'body'));
  }

  @Get('quarantine')
  quarantine(@Query() query: unknown) {
    return this.rpc.call(IngestContracts.quarantine, { limit: parseInput(LimitQuery, query, 'query').limit ?? 50 });
  }

  @Get('schedule')
  schedule() {
    return this.rpc.call(IngestContracts.getSchedule, {});
  }

  /** Sets the automatic update schedule; default weekly (Mondays 04:00 UTC), `{"cron": null}` disables. */
  @Post('schedule-weekly-update')
  @HttpCode(200)
  setSchedule(@Body() body: unknown) {
    return this.rpc.call(IngestContracts.setSchedule, parseInput(ScheduleBody, body, 'body'));
  }

  private async start(kind: UpdateJob['kind'], body: unknown, res: Response): Promise<{ job: UpdateJob }> {
    const input = parseInput(UpdateBody, body, 'body');
    const { job } = await this.rpc.call(IngestContracts.startUpdate, { kind, ...input });
    res.setHeader('location', `/api/admin/jobs/${job.id}`);
    return { job };
  }
}
