/**
 * The servers of a pool, `serversPerInstance` per instance (server s belongs to instance
 * ⌊s / serversPerInstance⌋), and which of them are free. All servers of serving instances feed
 * from one FIFO line, as M/M/c assumes, so which free server takes a request does not matter:
 * the free set is a stack with O(1) removal of any member (a server's position is indexed).
 *
 * Each busy server remembers the arrival time of its request and a token; a completion event
 * carries the token it was scheduled with, so the completion of a request killed by a spot loss
 * is recognised as stale and ignored.
 */
export class ServerSet {
  readonly serversPerInstance: number;
  /** Servers on instances that take work (ready or under notice). */
  serving = 0;
  /** Busy servers among those. */
  busyServing = 0;
  private cap = 0;
  private busy = new Uint8Array(0);
  private token = new Float64Array(0);
  private arrivedAt = new Float64Array(0);
  private freePos = new Int32Array(0);
  private free = new Int32Array(0);
  private freeLen = 0;

  constructor(serversPerInstance: number) {
    this.serversPerInstance = serversPerInstance;
  }

  get freeCount(): number {
    return this.freeLen;
  }

  instanceOf(server: number): number {
    return Math.floor(server / this.serversPerInstance);
  }

  tokenOf(server: number): number {
    return this.token[server]!;
  }

  arrivedAtOf(server: number): number {
    return this.arrivedAt[server]!;
  }

  /** A free server, or −1. It stays free until `occupy`. */
  peekFree(): number {
    return this.freeLen > 0 ? this.free[this.freeLen - 1]! : -1;
  }

  /** Instance `i` starts taking work: all its servers become free. */
  addInstance(i: number): void {
    const first = i * this.serversPerInstance;
    this.ensure(first + this.serversPerInstance);
    for (let s = first; s < first + this.serversPerInstance; s++) {
      this.busy[s] = 0;
      this.pushFree(s);
    }
    this.serving += this.serversPerInstance;
  }

  /**
   * Instance `i` stops taking work. With `kill`, the requests in service are lost: each one's
   * arrival time goes to `kill` and its completion becomes stale. Without, they finish (drain).
   */
  removeInstance(i: number, kill: ((arrivedAtSeconds: number) => void) | undefined): void {
    const first = i * this.serversPerInstance;
    for (let s = first; s < first + this.serversPerInstance; s++) {
      if (this.busy[s] === 1) {
        this.busyServing--;
        if (kill) {
          this.busy[s] = 0;
          this.token[s]!++;
          kill(this.arrivedAt[s]!);
        }
      } else {
        this.removeFree(s);
      }
    }
    this.serving -= this.serversPerInstance;
  }

  /** Starts a request that arrived at `arrivedAtSeconds` on free server `s`; returns its token. */
  occupy(s: number, arrivedAtSeconds: number): number {
    this.removeFree(s);
    this.busy[s] = 1;
    this.arrivedAt[s] = arrivedAtSeconds;
    this.busyServing++;
    return ++this.token[s]!;
  }

  /** The request on `s` completed; a serving server goes back to the free set, a draining one does not. */
  vacate(s: number, serving: boolean): void {
    this.busy[s] = 0;
    if (serving) {
      this.busyServing--;
      this.pushFree(s);
    }
  }

  private pushFree(s: number): void {
    if (this.freePos[s]! >= 0) return;
    this.freePos[s] = this.freeLen;
    this.free[this.freeLen++] = s;
  }

  private removeFree(s: number): void {
    const at = this.freePos[s]!;
    if (at < 0) return;
    const last = this.free[--this.freeLen]!;
    this.free[at] = last;
    this.freePos[last] = at;
    this.freePos[s] = -1;
  }

  private ensure(n: number): void {
    if (n <= this.cap) return;
    const cap = Math.max(n, this.cap * 2, 64);
    const busy = new Uint8Array(cap);
    busy.set(this.busy);
    const token = new Float64Array(cap);
    token.set(this.token);
    const arrived = new Float64Array(cap);
    arrived.set(this.arrivedAt);
    const pos = new Int32Array(cap).fill(-1);
    pos.set(this.freePos);
    const free = new Int32Array(cap);
    free.set(this.free);
    this.busy = busy;
    this.token = token;
    this.arrivedAt = arrived;
    this.freePos = pos;
    this.free = free;
    this.cap = cap;
  }
}
