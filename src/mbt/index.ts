/** Model-based testing: the compiled model graph, the suites, the runner, and what an adapter needs. */
export * from './modelGraph';
export * from './modelInput';
export * from './suites';
export * from './suiteSize';
export * from './fixtureSchema';
export * from './coverage';
export * from './depth';
export * from './random';
export * from './runner';
export * from './checkRun';
export * from './profiles';
export * from './sut';
export {
  PEER_DATA,
  PEER_ISS,
  PEER_MSS,
  PEER_WINDOW,
  checkSent,
  classify,
  copyPeer,
  describeSegment,
  freshPeer,
  peerNxt,
  peerSegment,
  rcvNxtAfter,
  settlePeer,
  type PeerState,
} from './scriptedPeer';
export { TcpConnectionSut, SEND_PAYLOAD, LOCAL_PORT, REMOTE_PORT } from './tcpConnectionSut';
export {
  pathToPacketdrill,
  pathResultToPacketdrill,
  stepsToPacketdrill,
  type PacketdrillTranslation,
  type PacketdrillOptions,
} from './pathToPacketdrill';
