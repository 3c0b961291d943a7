/** The packetdrill script language: parse a script into the tree a runner plays. */
export { parseScript } from './parser';
export { PacketdrillParseError } from './errors';
export type * from './ast';
