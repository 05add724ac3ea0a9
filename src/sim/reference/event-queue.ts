/**
 * The reference simulator's future-event list: a binary min-heap ordered by (time, priority,
 * sequence), SimPy's rule (style-anchors.md §1.1). The sequence number is the insertion order,
 * so two events at the same time and priority always pop in the order they were scheduled and
 * a run is a pure function of its inputs.
 *
 * Events live in slots of parallel typed arrays (kind, two payload words); the heap holds slot
 * indices and freed slots are reused, so a run of 10⁶ requests allocates nothing per event.
 */

const INITIAL_CAPACITY = 1024;

export class EventQueue {
  private timeAt: Float64Array;
  private priorityOf: Uint8Array;
  private seqOf: Float64Array;
  private kindOf: Uint8Array;
  private payloadA: Int32Array;
  private payloadB: Float64Array;
  private heap: Int32Array;
  private free: Int32Array;
  private freeLen = 0;
  private slotsUsed = 0;
  private size = 0;
  private nextSeq = 0;

  constructor(capacity = INITIAL_CAPACITY) {
    this.timeAt = new Float64Array(capacity);
    this.priorityOf = new Uint8Array(capacity);
    this.seqOf = new Float64Array(capacity);
    this.kindOf = new Uint8Array(capacity);
    this.payloadA = new Int32Array(capacity);
    this.payloadB = new Float64Array(capacity);
    this.heap = new Int32Array(capacity);
    this.free = new Int32Array(capacity);
  }

  get length(): number {
    return this.size;
  }

  /** Schedules an event; `a` and `b` are the caller's payload (an index, a generation token). */
  push(timeSeconds: number, priority: number, kind: number, a = 0, b = 0): void {
    if (!(timeSeconds === timeSeconds)) throw new RangeError(`event time must be a number (got ${timeSeconds})`);
    const slot = this.allocate();
    this.timeAt[slot] = timeSeconds;
    this.priorityOf[slot] = priority;
    this.seqOf[slot] = this.nextSeq++;
    this.kindOf[slot] = kind;
    this.payloadA[slot] = a;
    this.payloadB[slot] = b;
    let i = this.size++;
    const heap = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!this.before(slot, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = slot;
  }

  /** Time of the next event; Infinity when empty. */
  peekTime(): number {
    return this.size > 0 ? this.timeAt[this.heap[0]!]! : Infinity;
  }

  /**
   * Removes the next event and returns its slot, readable through time/kind/a/b until the next
   * push. Returns −1 when empty.
   */
  pop(): number {
    if (this.size === 0) return -1;
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap[--this.size]!;
    if (this.size > 0) {
      let i = 0;
      const n = this.size;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let child = l;
        if (r < n && this.before(heap[r]!, heap[l]!)) child = r;
        if (!this.before(heap[child]!, last)) break;
        heap[i] = heap[child]!;
        i = child;
      }
      heap[i] = last;
    }
    this.free[this.freeLen++] = top;
    return top;
  }

  time(slot: number): number {
    return this.timeAt[slot]!;
  }
  kind(slot: number): number {
    return this.kindOf[slot]!;
  }
  a(slot: number): number {
    return this.payloadA[slot]!;
  }
  b(slot: number): number {
    return this.payloadB[slot]!;
  }

  private before(x: number, y: number): boolean {
    const tx = this.timeAt[x]!;
    const ty = this.timeAt[y]!;
    if (tx !== ty) return tx < ty;
    const px = this.priorityOf[x]!;
    const py = this.priorityOf[y]!;
    if (px !== py) return px < py;
    return this.seqOf[x]! < this.seqOf[y]!;
  }

  private allocate(): number {
    // A slot freed by pop() is reused only at the next push, after the caller has read it.
    if (this.freeLen > 0) return this.free[--this.freeLen]!;
    if (this.slotsUsed === this.timeAt.length) this.grow();
    return this.slotsUsed++;
  }

  private grow(): void {
    const n = this.timeAt.length * 2;
    const f64 = (old: Float64Array) => {
      const next = new Float64Array(n);
      next.set(old);
      return next;
    };
    this.timeAt = f64(this.timeAt);
    this.seqOf = f64(this.seqOf);
    this.payloadB = f64(this.payloadB);
    const priority = new Uint8Array(n);
    priority.set(this.priorityOf);
    this.priorityOf = priority;
    const kind = new Uint8Array(n);
    kind.set(this.kindOf);
    this.kindOf = kind;
    const a = new Int32Array(n);
    a.set(this.payloadA);
    this.payloadA = a;
    const heap = new Int32Array(n);
    heap.set(this.heap);
    this.heap = heap;
    const free = new Int32Array(n);
    free.set(this.free);
    this.free = free;
  }
}
