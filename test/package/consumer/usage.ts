/**
 * What a TypeScript user of the published package writes, type-checked by
 * test/package/consumer.mjs as .ts (bundler), .cts and .mts (node16), with
 * --strict, no skipLibCheck and no @types/node.
 */
import { TcpConnection, VirtualClock, type Segment } from 'tcp-statechart';
import { TCP_STATES, tcpMachine, type TcpState } from 'tcp-statechart/machine';
import { buildModelGraph, buildSuite, SEND_PAYLOAD, type SystemUnderTest } from 'tcp-statechart/mbt';

const clock = new VirtualClock();
const sent: Segment[] = [];
const client = new TcpConnection({
  clock,
  localPort: 40000,
  remotePort: 80,
  output: (segment) => void sent.push(segment),
});
client.connect();
const state: TcpState = client.state;
const states: readonly TcpState[] = TCP_STATES;
const paths: number = buildSuite(buildModelGraph({ maxRetries: 2 }), 'transitions').length;
const payload: Uint8Array = SEND_PAYLOAD;

export const used = { state, states, paths, payload, machine: tcpMachine.id };
export type Adapter = SystemUnderTest;
