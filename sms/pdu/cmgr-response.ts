import { z } from 'zod';
import { decodePdu } from './decode-pdu.js';
import { pduError } from './pdu-error.js';
import { type SmsPdu } from './pdu-types.js';

/** A stored message read with `AT+CMGR=<index>` in PDU mode (3GPP TS 27.005 §3.4.3). */
export interface CmgrMessage {
  /** <stat>: 0 received unread, 1 received read, 2 stored unsent, 3 stored sent; null when the modem omits it. */
  stat: number | null;
  /** <length> as the modem reports it (TPDU octets); null when absent. */
  length: number | null;
  pdu: SmsPdu;
}

const linesSchema = z.array(z.string().max(2048)).max(64);
const headerPattern = /^\+CMGR:\s*(.*)$/;

function parseHeader(fields: string): { stat: number | null; length: number | null } {
  const parts = fields.split(',').map((p) => p.trim());
  const num = (s: string | undefined): number | null => (s !== undefined && /^\d+$/.test(s) ? Number(s) : null);
  return { stat: parts.length > 1 ? num(parts[0]) : null, length: num(parts[parts.length - 1]) };
}

/**
 * Parse the lines of a `+CMGR` response (echo and `OK` may be included). The PDU line is decoded leniently:
 * it is a message already on the SIM, so a cut-off text is returned (flagged) rather than lost.
 */
export function parseCmgrResponse(input: unknown): CmgrMessage {
  const parsed = linesSchema.safeParse(input);
  if (!parsed.success) throw pduError('+CMGR response must be a list of text lines');
  const lines = parsed.data;
  const at = lines.findIndex((l) => headerPattern.test(l.trim()));
  const header = at >= 0 ? headerPattern.exec(lines[at]!.trim()) : null;
  const pduLine = at >= 0 ? lines[at + 1] : undefined;
  if (!header || pduLine === undefined) throw pduError('no +CMGR header followed by a PDU line');
  return { ...parseHeader(header[1]!), pdu: decodePdu(pduLine, { lenient: true }) };
}
