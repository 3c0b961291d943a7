/**
 * The packetdrill script language: parse a script, and run it in virtual
 * time against our sockets layer. The pieces another runner needs to play a
 * script its own way (src/linux's, against the kernel) are exported too: the
 * sequence-number mapping, the segment codec in script notation and the
 * shell commands the runner honours.
 */
export { parseScript, parseSyntax, type ParseOptions } from './parser';
export { readDefinition, type Definitions } from './defines';
export { readScriptOption } from './scriptOptions';
export { ScriptParseError, ScriptRunError, type ScriptPlace } from './errors';
export type * from './ast';
export { runScript, formatFailure, ourTcpHost, type ScriptHost, type ScriptHostFactory } from './runner';
export type * from './runner/types';
export { Flow } from './runner/flow';
export { formatLine, formatSent, inboundEcn, inboundSegment, outboundMismatches } from './runner/packets';
export {
  readCleanupCommand,
  readShellCommand,
  readSleep,
  type QdiscCommand,
  type ShellReading,
  type SysctlSetting,
} from './commands';
export { isNullBuffer, readLinger } from './syscallTable';
export { intValue, optionValue } from './runner/syscalls';
export { AssertionSyntaxError, failedAssertion, fieldsOf, parseAssertions } from './assertion';
export { isTcpInfoField, type TcpInfoField } from './tcpInfo';
