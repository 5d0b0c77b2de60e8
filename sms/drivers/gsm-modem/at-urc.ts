/**
 * Unsolicited result codes (3GPP TS 27.005 / 27.007) that can arrive at any time, even between a command and
 * its answer. Two of them (+CMT, +CDS) are followed by a PDU line. Pure functions; table-tested.
 */
export type Urc =
  | { readonly type: 'sms-stored'; readonly memory: string; readonly index: number }
  | { readonly type: 'report-stored'; readonly memory: string; readonly index: number }
  | { readonly type: 'sms-deliver'; readonly pdu: string }
  | { readonly type: 'status-report'; readonly pdu: string }
  | { readonly type: 'ring'; readonly callType: string | null }
  | { readonly type: 'clip'; readonly number: string; readonly toa: number | null }
  | { readonly type: 'hangup'; readonly line: string }
  | { readonly type: 'ussd'; readonly status: number; readonly text: string; readonly dcs: number | null };

/** Header of a two-line URC: the next line is the PDU. */
export type PduUrcHeader = 'sms-deliver' | 'status-report';

const unquote = (s: string | undefined): string => (s ?? '').trim().replace(/^"(.*)"$/s, '$1');

function storedIndex(body: string): { memory: string; index: number } | null {
  const m = /^"?([A-Z]{2})"?\s*,\s*(\d+)/i.exec(body.trim());
  return m ? { memory: (m[1] ?? '').toUpperCase(), index: Number(m[2]) } : null;
}

/** A +CUSD line; multi-line quoted text is joined by the line splitter before it gets here. */
export function parseCusd(body: string): Urc | null {
  const m = /^\s*(\d)\s*(?:,\s*"([\s\S]*)"\s*(?:,\s*(\d+))?)?\s*$/.exec(body);
  if (!m) return null;
  return { type: 'ussd', status: Number(m[1]), text: m[2] ?? '', dcs: m[3] === undefined ? null : Number(m[3]) };
}

/** One complete line → URC, a PDU-URC header, or null (not unsolicited). */
export function parseUrcLine(line: string): Urc | { readonly header: PduUrcHeader } | null {
  const t = line.trim();
  const m = /^([+^]?[A-Z]+)\s*:?\s*(.*)$/is.exec(t);
  const name = (m?.[1] ?? '').toUpperCase();
  const body = m?.[2] ?? '';
  switch (name) {
    case '+CMTI': { const s = storedIndex(body); return s ? { type: 'sms-stored', ...s } : null; }
    case '+CDSI': { const s = storedIndex(body); return s ? { type: 'report-stored', ...s } : null; }
    case '+CMT': return { header: 'sms-deliver' };
    case '+CDS': return { header: 'status-report' };
    case 'RING': return t.toUpperCase() === 'RING' ? { type: 'ring', callType: null } : null;
    case '+CRING': return { type: 'ring', callType: body.trim() || null };
    case '+CLIP': {
      const [num, toa] = body.split(',');
      return { type: 'clip', number: unquote(num), toa: toa && /^\d+$/.test(toa.trim()) ? Number(toa.trim()) : null };
    }
    case '+CUSD': return parseCusd(body);
    default: break;
  }
  if (t.toUpperCase() === 'NO CARRIER' || /^HANGUP:/i.test(t) || /^\^CEND:/i.test(t)) return { type: 'hangup', line: t };
  return null;
}
