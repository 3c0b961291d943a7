/** The sockets layer: a host's Berkeley calls over `TcpConnection`, its demultiplexer and its netstat. */
export { ANY_ADDRESS, formatSocketAddress, type Datagram, type SocketAddress } from './address';
export { ERRNO, errnoForLoss, errnoForReason, isErrno, SocketError, type Errno } from './errno';
export {
  DEFAULT_EPHEMERAL_PORTS,
  FIRST_SOCKET_FD,
  Host,
  type ConnectProgress,
  type HostOptions,
  type HostTcpOptions,
  type ShutdownHow,
} from './host';
export { formatListing, netstatName, socketListing, type ListingRow } from './listing';
export { isSynchronized, Socket, type SocketRole } from './socket';
export { DEFAULT_NOTSENT_LOWAT, isWritable, POLL_BITS, pollEvents } from './poll';
