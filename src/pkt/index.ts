/** The packetdrill script language: parse a script, and run it in virtual time against our sockets layer. */
export { parseScript, parseSyntax } from './parser';
export { PacketdrillParseError } from './errors';
export type * from './ast';
export { runScript, formatFailure, ScriptRunError } from './runner';
export type * from './runner-types';
