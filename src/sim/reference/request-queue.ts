/**
 * The waiting line of one pool: requests in FIFO order, each with its arrival time (latency is
 * measured from it) and the time it joined the line (its `maxWait` clock runs from there).
 * The two differ only for a request whose server was lost to a spot interruption: it is put
 * back at the head of the line, keeps its arrival time, and starts a fresh wait.
 *
 * A growable ring buffer of two Float64Arrays: pushes and pops at both ends are O(1).
 */
export class RequestQueue {
  private arrivedAt: Float64Array;
  private queuedAt: Float64Array;
  private head = 0;
  private size = 0;

  constructor(capacity = 1024) {
    this.arrivedAt = new Float64Array(capacity);
    this.queuedAt = new Float64Array(capacity);
  }

  get length(): number {
    return this.size;
  }

  pushBack(arrivedAtSeconds: number, queuedAtSeconds: number): void {
    if (this.size === this.arrivedAt.length) this.grow();
    const i = (this.head + this.size) % this.arrivedAt.length;
    this.arrivedAt[i] = arrivedAtSeconds;
    this.queuedAt[i] = queuedAtSeconds;
    this.size++;
  }

  /** A retried request goes first: it was already at the head once. */
  pushFront(arrivedAtSeconds: number, queuedAtSeconds: number): void {
    if (this.size === this.arrivedAt.length) this.grow();
    this.head = (this.head - 1 + this.arrivedAt.length) % this.arrivedAt.length;
    this.arrivedAt[this.head] = arrivedAtSeconds;
    this.queuedAt[this.head] = queuedAtSeconds;
    this.size++;
  }

  /** Arrival time of the head (Infinity when empty). */
  get headArrivedAt(): number {
    return this.size > 0 ? this.arrivedAt[this.head]! : Infinity;
  }

  /** When the head joined the line (Infinity when empty). */
  get headQueuedAt(): number {
    return this.size > 0 ? this.queuedAt[this.head]! : Infinity;
  }

  /** Removes the head; call after reading it. */
  shift(): void {
    if (this.size === 0) return;
    this.head = (this.head + 1) % this.arrivedAt.length;
    this.size--;
  }

  /** How many queued requests joined the line before `seconds` (once, at the end of a run). */
  countQueuedBefore(seconds: number): number {
    let n = 0;
    const cap = this.arrivedAt.length;
    for (let k = 0; k < this.size; k++) if (this.queuedAt[(this.head + k) % cap]! < seconds) n++;
    return n;
  }

  private grow(): void {
    const cap = this.arrivedAt.length;
    const arrived = new Float64Array(cap * 2);
    const queued = new Float64Array(cap * 2);
    for (let k = 0; k < this.size; k++) {
      arrived[k] = this.arrivedAt[(this.head + k) % cap]!;
      queued[k] = this.queuedAt[(this.head + k) % cap]!;
    }
    this.arrivedAt = arrived;
    this.queuedAt = queued;
    this.head = 0;
  }
}
