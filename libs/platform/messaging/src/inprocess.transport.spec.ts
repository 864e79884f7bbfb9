import { describeTransportContract } from './transport-contract.suite';
import { InProcessTransport } from './inprocess.transport';

// Embedded mode: every "process" shares one in-process bus.
describeTransportContract('in-process', () => {
  const bus = new InProcessTransport();
  return { subjectPrefix: 'inproc', create: async () => bus };
});
