/** UCS-2 / UTF-16BE (TS 23.038 §6.2.3). Surrogate pairs pass through, so emoji survive as UTF-16. */
export function encodeUcs2(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[i * 2] = c >> 8;
    out[i * 2 + 1] = c & 0xff;
  }
  return out;
}

/** An odd trailing octet is ignored (some phones pad); the caller reports it if it matters. */
export function decodeUcs2(bytes: Uint8Array): string {
  const codes = new Array<number>(bytes.length >> 1);
  for (let i = 0; i < codes.length; i++) codes[i] = (bytes[i * 2]! << 8) | bytes[i * 2 + 1]!;
  return String.fromCharCode(...codes);
}
