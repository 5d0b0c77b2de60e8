import { decodePdu } from '../../sms/index.js';
import { isZariError } from '../../kernel/index.js';
import { loadSmsFixture } from './fixtures.js';

const vectors = loadSmsFixture<{ kind: string; pdu_hex: string; has_smsc: boolean }[]>('vectors.json')
  .filter((v) => v.kind !== 'reject');

/** Seeded PRNG so a failing mutation can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

function mutate(hex: string, rnd: () => number): string {
  const bytes = Buffer.from(hex, 'hex');
  const op = Math.floor(rnd() * 3);
  if (op === 0) return bytes.subarray(0, Math.floor(rnd() * bytes.length)).toString('hex'); // truncate
  const i = Math.floor(rnd() * bytes.length);
  if (op === 1) bytes[i] = Math.floor(rnd() * 256); // flip one octet
  else bytes[i] = bytes[i]! ^ (1 << Math.floor(rnd() * 8)); // flip one bit
  return bytes.toString('hex');
}

describe('decoder robustness', () => {
  it('returns a message or throws ZariError(validation_failed) for 5000 mutated PDUs — nothing else', () => {
    const rnd = prng(20261128);
    let rejected = 0;
    for (let n = 0; n < 5000; n++) {
      const v = vectors[n % vectors.length]!;
      const hex = mutate(v.pdu_hex, rnd);
      for (const lenient of [false, true]) {
        try {
          decodePdu(hex, { smsc: v.has_smsc, lenient });
        } catch (e) {
          if (!isZariError(e) || e.code !== 'validation_failed') throw new Error(`unexpected ${String(e)} for ${hex}`);
          rejected += 1;
        }
      }
    }
    expect(rejected).toBeGreaterThan(1000);
  });

  it('rejects non-string input and empty or odd-length hex with precise reasons', () => {
    const reasons = [42, '', '0', 'zz'].map((x) => {
      try {
        decodePdu(x);
        return 'decoded';
      } catch (e) {
        return (e as Error).message;
      }
    });
    expect(reasons).toEqual([
      'invalid SMS PDU: Invalid input: expected string, received number',
      'invalid SMS PDU: PDU is empty',
      'invalid SMS PDU: PDU hex has an odd number of digits',
      'invalid SMS PDU: PDU contains non-hex characters at position 0',
    ]);
  });

  it('decodes reserved DCS coding groups as the GSM 7-bit default alphabet (TS 23.038 §4)', () => {
    const p = decodePdu('07919730071111F1000B919746121611F10080811170021222230DC8329BFD6681EE6F399B1C02');
    expect(p.type === 'SMS-DELIVER' && [p.coding.reserved, p.userData.text]).toEqual([true, 'Hello, world!']);
  });
});
