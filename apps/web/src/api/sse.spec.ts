import { describe, expect, it } from 'vitest';
import { readSse, type SseEvent } from './sse';

/** A body that arrives in the given chunks (as a network would split it). */
const body = (...chunks: string[]): ReadableStream<Uint8Array> =>
  new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(new TextEncoder().encode(c));
      controller.close();
    },
  });

const collect = async (stream: ReadableStream<Uint8Array>): Promise<SseEvent[]> => {
  const events: SseEvent[] = [];
  for await (const e of readSse(stream)) events.push(e);
  return events;
};

describe('readSse', () => {
  it('reads events split anywhere across chunks, multi-line data joined', async () => {
    const events = await collect(body('event: plan\nda', 'ta: {"a":1}\n', '\nevent: items\ndata: line1\ndata: line2\n\n', ': comment\n\ndata: tail'));
    expect(events).toEqual([
      { event: 'plan', data: '{"a":1}' },
      { event: 'items', data: 'line1\nline2' },
      { event: 'message', data: 'tail' },
    ]);
  });

  it('accepts CRLF line ends and multi-byte characters split between chunks', async () => {
    const bytes = new TextEncoder().encode('event: done\r\ndata: 進撃\r\n\r\n');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 20));
        controller.enqueue(bytes.slice(20));
        controller.close();
      },
    });
    expect(await collect(stream)).toEqual([{ event: 'done', data: '進撃' }]);
  });
});
