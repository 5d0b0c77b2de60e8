/** A binary min-heap of timed events; ties keep insertion order (stable), so runs replay exactly. */
export interface Timed { t: number; seq: number }

export class EventQueue<E extends { t: number }> {
  private readonly heap: (E & Timed)[] = [];
  private seq = 0;

  get size(): number { return this.heap.length; }

  push(e: E): void {
    const item = { ...e, seq: this.seq++ } as E & Timed;
    const h = this.heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i] as E & Timed, h[parent] as E & Timed)) break;
      [h[i], h[parent]] = [h[parent] as E & Timed, h[i] as E & Timed];
      i = parent;
    }
  }

  pop(): (E & Timed) | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l] as E & Timed, h[m] as E & Timed)) m = l;
        if (r < h.length && this.less(h[r] as E & Timed, h[m] as E & Timed)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m] as E & Timed, h[i] as E & Timed];
        i = m;
      }
    }
    return top;
  }

  private less(a: Timed, b: Timed): boolean { return a.t < b.t || (a.t === b.t && a.seq < b.seq); }
}
