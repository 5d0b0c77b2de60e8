/**
 * GSM 7-bit packing (3GPP TS 23.038 §6.1.2.1): septets are packed LSB first; `fillBits` zero bits
 * precede the first septet so that it starts on a septet boundary after a User Data Header.
 */
export function packSeptets(septets: ArrayLike<number>, fillBits = 0): Uint8Array {
  const totalBits = fillBits + septets.length * 7;
  const out = new Uint8Array(Math.ceil(totalBits / 8));
  let bit = fillBits;
  for (let i = 0; i < septets.length; i++) {
    const v = septets[i]! & 0x7f;
    const byte = bit >> 3;
    const shift = bit & 7;
    out[byte] = out[byte]! | ((v << shift) & 0xff);
    if (shift > 1) out[byte + 1] = out[byte + 1]! | (v >> (8 - shift));
    bit += 7;
  }
  return out;
}

/** Unpack `count` septets starting after `fillBits` bits. The caller guarantees enough octets. */
export function unpackSeptets(bytes: Uint8Array, count: number, fillBits = 0): Uint8Array {
  const out = new Uint8Array(count);
  let bit = fillBits;
  for (let i = 0; i < count; i++) {
    const byte = bit >> 3;
    const shift = bit & 7;
    let v = (bytes[byte] ?? 0) >> shift;
    if (shift > 1) v |= (bytes[byte + 1] ?? 0) << (8 - shift);
    out[i] = v & 0x7f;
    bit += 7;
  }
  return out;
}

/** Octets needed to carry `septets` septets after `fillBits` fill bits. */
export function packedLength(septets: number, fillBits = 0): number {
  return Math.ceil((fillBits + septets * 7) / 8);
}
