/**
 * Every instance a pool has run, as parallel typed arrays indexed by instance number (never
 * reused), plus the list of those not yet ended so scans for scale-in and interruptions only
 * touch live ones. InstanceFleet owns the rules; this holds the rows.
 */
import type { InstanceRuns } from './instance-bill.js';

export const BOOTING = 0;
export const READY = 1;
export const NOTICED = 2;
export const DRAINING = 3;
export const ENDED = 4;

export class InstanceTable {
  count = 0;
  option = new Uint8Array(0);
  state = new Uint8Array(0);
  launchedAt = new Float64Array(0);
  /** Infinity while running. */
  endedAt = new Float64Array(0);
  /** 1 for instances already running at t = 0. */
  preexisting = new Uint8Array(0);
  endedByProvider = new Uint8Array(0);
  busyServers = new Int32Array(0);
  /** 1 while a spot instance launched to swap out fallback on-demand is booting. */
  swapping = new Uint8Array(0);
  /** Instances not yet ended. */
  readonly live: number[] = [];
  private cap = 0;

  create(option: number, now: number, state: number, preexisting: number): number {
    if (this.count === this.cap) this.grow();
    const i = this.count++;
    this.option[i] = option;
    this.state[i] = state;
    this.launchedAt[i] = now;
    this.endedAt[i] = Infinity;
    this.preexisting[i] = preexisting;
    this.endedByProvider[i] = 0;
    this.busyServers[i] = 0;
    this.swapping[i] = 0;
    this.live.push(i);
    return i;
  }

  end(i: number, now: number, byProvider: boolean): void {
    this.state[i] = ENDED;
    this.endedAt[i] = now;
    this.endedByProvider[i] = byProvider ? 1 : 0;
    const at = this.live.indexOf(i);
    if (at >= 0) {
      this.live[at] = this.live[this.live.length - 1]!;
      this.live.pop();
    }
  }

  /** Live instances in `state` (and of `option`, when given). */
  select(state: number, option?: number): number[] {
    return this.live.filter((i) => this.state[i] === state && (option === undefined || this.option[i] === option));
  }

  /** The runs so far, for billing (views of the live arrays: read before the next launch). */
  runs(): InstanceRuns {
    return {
      count: this.count,
      option: this.option,
      launchedAtSeconds: this.launchedAt,
      endedAtSeconds: this.endedAt,
      preexisting: this.preexisting,
      endedByProvider: this.endedByProvider,
    };
  }

  private grow(): void {
    const cap = Math.max(64, this.cap * 2);
    const u8 = (old: Uint8Array) => {
      const a = new Uint8Array(cap);
      a.set(old);
      return a;
    };
    const f64 = (old: Float64Array) => {
      const a = new Float64Array(cap);
      a.set(old);
      return a;
    };
    this.option = u8(this.option);
    this.state = u8(this.state);
    this.preexisting = u8(this.preexisting);
    this.endedByProvider = u8(this.endedByProvider);
    this.swapping = u8(this.swapping);
    this.launchedAt = f64(this.launchedAt);
    this.endedAt = f64(this.endedAt);
    const busy = new Int32Array(cap);
    busy.set(this.busyServers);
    this.busyServers = busy;
    this.cap = cap;
  }
}
