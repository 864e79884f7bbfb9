import {
  BaseCheckpointSaver,
  WRITES_IDX_MAP,
  compareWritesSortKeys,
  copyCheckpoint,
  getCheckpointId,
  writesSortKey,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointPendingWrite,
  type CheckpointTuple,
  type PendingWrite,
  type SerializerProtocol,
} from '@langchain/langgraph-checkpoint';
import type { RunnableConfig } from '@langchain/core/runnables';
import type { HashStore } from './hash-store';

interface StoredCheckpoint {
  id: string;
  parent?: string;
  type: string;
  data: string;
  metadataType: string;
  metadata: string;
}

type StoredWrite = [taskId: string, channel: string, type: string, data: string, taskPath: string];

const checkpointField = (ns: string) => `cp:${ns}`;
const writesPrefix = (ns: string, checkpointId: string) => `w:${ns}:${checkpointId}:`;
const toBase64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64');
const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

/**
 * A LangGraph checkpointer that keeps only the **latest** checkpoint of each thread (plus that
 * checkpoint's pending writes) in a {@link HashStore} — memory or Redis — with a TTL. Conversations
 * need the thread's current state, not time travel, so a session costs one bounded hash and
 * expires on its own; older checkpoints are pruned on every `put`.
 */
export class LatestCheckpointSaver extends BaseCheckpointSaver {
  constructor(
    private readonly store: HashStore,
    serde?: SerializerProtocol,
  ) {
    super(serde);
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const { threadId, ns } = this.keysOf(config);
    const hash = await this.store.getAll(threadId);
    const raw = hash?.[checkpointField(ns)];
    if (!hash || !raw) return undefined;
    const stored = JSON.parse(raw) as StoredCheckpoint;
    const wanted = getCheckpointId(config);
    // Only the latest checkpoint is kept: an older id asked for by name is gone.
    if (wanted && wanted !== stored.id) return undefined;
    return this.tupleOf(threadId, ns, stored, hash);
  }

  async *list(config: RunnableConfig, options?: CheckpointListOptions): AsyncGenerator<CheckpointTuple> {
    if (options?.limit !== undefined && options.limit <= 0) return;
    const tuple = await this.getTuple(config);
    if (!tuple) return;
    const before = options?.before?.configurable?.['checkpoint_id'] as string | undefined;
    if (before && tuple.checkpoint.id >= before) return;
    const filter = options?.filter;
    if (filter && !Object.entries(filter).every(([key, value]) => (tuple.metadata as Record<string, unknown> | undefined)?.[key] === value)) return;
    yield tuple;
  }

  async put(config: RunnableConfig, checkpoint: Checkpoint, metadata: CheckpointMetadata): Promise<RunnableConfig> {
    const { threadId, ns } = this.keysOf(config);
    const [[type, data], [metadataType, metadataBytes]] = await Promise.all([this.serde.dumpsTyped(copyCheckpoint(checkpoint)), this.serde.dumpsTyped(metadata)]);
    const stored: StoredCheckpoint = {
      id: checkpoint.id,
      ...(config.configurable?.['checkpoint_id'] ? { parent: config.configurable['checkpoint_id'] as string } : {}),
      type,
      data: toBase64(data),
      metadataType,
      metadata: toBase64(metadataBytes),
    };
    // Prune: writes of earlier checkpoints in this namespace are no longer reachable.
    const existing = Object.keys((await this.store.getAll(threadId)) ?? {});
    const keep = writesPrefix(ns, checkpoint.id);
    const stale = existing.filter((field) => field.startsWith(`w:${ns}:`) && !field.startsWith(keep));
    await this.store.update(threadId, { [checkpointField(ns)]: JSON.stringify(stored) }, stale);
    return { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: checkpoint.id } };
  }

  async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string, taskPath?: string): Promise<void> {
    const { threadId, ns } = this.keysOf(config);
    const checkpointId = config.configurable?.['checkpoint_id'] as string | undefined;
    if (!checkpointId) throw new Error('putWrites needs configurable.checkpoint_id');
    const fields: Record<string, string> = {};
    await Promise.all(
      writes.map(async ([channel, value], idx) => {
        const [type, data] = await this.serde.dumpsTyped(value);
        const index = WRITES_IDX_MAP[channel] ?? idx;
        const record: StoredWrite = [taskId, channel, type, toBase64(data), taskPath ?? ''];
        fields[`${writesPrefix(ns, checkpointId)}${taskId}:${index}`] = JSON.stringify(record);
      }),
    );
    if (Object.keys(fields).length) await this.store.update(threadId, fields);
  }

  async deleteThread(threadId: string): Promise<void> {
    await this.store.delete(threadId);
  }

  private keysOf(config: RunnableConfig): { threadId: string; ns: string } {
    const threadId = config.configurable?.['thread_id'];
    if (typeof threadId !== 'string' || !threadId) throw new Error('A conversation checkpoint needs configurable.thread_id (the session id)');
    return { threadId, ns: (config.configurable?.['checkpoint_ns'] as string | undefined) ?? '' };
  }

  private async tupleOf(threadId: string, ns: string, stored: StoredCheckpoint, hash: Record<string, string>): Promise<CheckpointTuple> {
    const prefix = writesPrefix(ns, stored.id);
    const writes = Object.entries(hash)
      .filter(([field]) => field.startsWith(prefix))
      .map(([field, raw]) => ({ index: Number(field.slice(field.lastIndexOf(':') + 1)), record: JSON.parse(raw) as StoredWrite }))
      .sort((a, b) => compareWritesSortKeys(writesSortKey(a.record[4], a.record[0], a.index), writesSortKey(b.record[4], b.record[0], b.index)));
    const pendingWrites: CheckpointPendingWrite[] = await Promise.all(
      writes.map(async ({ record: [task, channel, type, data] }) => [task, channel, await this.serde.loadsTyped(type, fromBase64(data))] as CheckpointPendingWrite),
    );
    return {
      config: { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: stored.id } },
      checkpoint: (await this.serde.loadsTyped(stored.type, fromBase64(stored.data))) as Checkpoint,
      metadata: (await this.serde.loadsTyped(stored.metadataType, fromBase64(stored.metadata))) as CheckpointMetadata,
      pendingWrites,
      ...(stored.parent ? { parentConfig: { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: stored.parent } } } : {}),
    };
  }
}
