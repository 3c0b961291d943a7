/** The flag combinations a connection sends, built once (no allocation per segment). */
import { parseFlags, type SegmentFlags } from '../wire/segment';

export const FLAGS = {
  SYN: parseFlags('S'),
  SYN_ACK: parseFlags('S.'),
  ACK: parseFlags('.'),
  PSH_ACK: parseFlags('P.'),
  FIN_ACK: parseFlags('F.'),
  RST: parseFlags('R'),
  RST_ACK: parseFlags('R.'),
} as const satisfies Record<string, SegmentFlags>;
