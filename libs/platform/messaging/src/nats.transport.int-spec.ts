import { beforeAll } from 'vitest';
import { assertReachable, testNatsUrl, uniquePrefix } from '@anime/testing';
import { describeTransportContract } from './transport-contract.suite';
import { NatsTransport } from './nats.transport';

beforeAll(async () => {
  await assertReachable(testNatsUrl(), 'NATS');
});

// Distributed mode: every server and client has its own connection to the real nats-server.
describeTransportContract('NATS', () => ({
  subjectPrefix: uniquePrefix('contract'),
  create: () => NatsTransport.connect({ url: testNatsUrl(), name: 'contract-test' }),
}));
