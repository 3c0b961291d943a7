// Named imports from the CommonJS build: Node finds them with its CommonJS export detection.
import { SimulatedNetwork, TcpConnection, VirtualClock, tcpMachine } from 'tcp-statechart';
import { TCP_STATES, tcpMachine as machineOnly } from 'tcp-statechart/machine';
import { buildModelGraph, buildSuite } from 'tcp-statechart/mbt';
import exercise from './exercise.cjs';

exercise(
  { SimulatedNetwork, TcpConnection, VirtualClock, tcpMachine },
  { TCP_STATES, tcpMachine: machineOnly },
  { buildModelGraph, buildSuite },
);
