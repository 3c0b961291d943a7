/**
 * The library: the model (re-exported from machines/), the connection it is
 * checked against, the wire format, the virtual clock and simulated network,
 * and the model-based testing tools.
 */
export * from '../machines/index';
export * from './model/transitionTable';
export * from './model/actions';
export * from './model/timers';
export * from './wire/segment';
export * from './wire/tcp';
export * from './wire/ipv4';
export { TcpWireError, type TcpWireErrorCode } from './wire/errors';
export * from './tcp/seq';
export * from './tcp/connection';
export * from './tcp/errors';
export { resetFor } from './tcp/reset';
export * from './net/clock';
export * from './net/network';
export * from './mbt/index';
