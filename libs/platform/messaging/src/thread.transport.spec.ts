import { MessageChannel } from 'node:worker_threads';
import { describeTransportContract } from './transport-contract.suite';
import { InProcessTransport } from './inprocess.transport';
import { ThreadTransport, bridgeThreadPort } from './thread.transport';

// Embedded mode with a module on a worker thread: each "process" is a port bridged to one in-process bus
// (a MessageChannel carries the same messages within one thread as across threads).
describeTransportContract('thread port', () => {
  const bus = new InProcessTransport();
  return {
    subjectPrefix: 'thread',
    create: async () => {
      const { port1, port2 } = new MessageChannel();
      bridgeThreadPort(port2, bus);
      return new ThreadTransport(port1);
    },
  };
});
