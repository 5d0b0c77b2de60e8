import { pduError } from './pdu-error.js';

/** A bounds-checked cursor over PDU octets: running past the end is a validation error naming the field. */
export class OctetReader {
  private pos = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  octet(field: string): number {
    const b = this.bytes[this.pos];
    if (b === undefined) throw pduError(`PDU ends before ${field} (offset ${this.pos})`, { field, offset: this.pos });
    this.pos += 1;
    return b;
  }

  take(count: number, field: string): Uint8Array {
    if (count > this.remaining) {
      throw pduError(`${field} needs ${count} octets but only ${this.remaining} remain`, {
        field,
        offset: this.pos,
        needed: count,
        remaining: this.remaining,
      });
    }
    const out = this.bytes.subarray(this.pos, this.pos + count);
    this.pos += count;
    return out;
  }

  rest(): Uint8Array {
    const out = this.bytes.subarray(this.pos);
    this.pos = this.bytes.length;
    return out;
  }
}
