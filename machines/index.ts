/** The model: RFC 9293's machine, and the TCPs described as variants of it. */
export * from './tcp.machine';
export { LINUX_GUARDS, LINUX_PROFILE_OPTIONS, linuxTcpMachine, type LinuxProfileOption } from './linux';
export { LWIP_GUARDS, lwipTcpMachine } from './lwip';
export { LINUX, LWIP, RFC9293, VARIANTS, type TcpVariant } from './profiles';
