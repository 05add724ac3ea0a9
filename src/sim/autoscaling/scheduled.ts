import { DEFAULT_SIMULATION_EPOCH_UNIX_SECONDS, cronOrThrow, nextCronSeconds, type CronSchedule } from '../../model/cron.js';

/**
 * Scheduled scaling (models.md §2.1): actions that set min, max and/or desired capacity at a
 * time or on a cron recurrence (UTC, see src/model/cron.ts for the calendar of t = 0). They
 * run on time, regardless of cooldowns; a dynamic policy may move desired afterwards, within
 * the min/max the last action left.
 *
 * At construction the actions of the `replaySeconds` before t = 0 are replayed, so a
 * "scale down at 20:00" schedule is already in force at midnight when the run starts.
 */
export interface ScheduledAction {
  /** A 5-field cron expression (or a parsed one); or use `atSeconds` for a one-off. */
  readonly cron?: string | CronSchedule;
  /** Simulated second of a one-off action. */
  readonly atSeconds?: number;
  readonly minCapacity?: number;
  readonly maxCapacity?: number;
  readonly desiredCapacity?: number;
}

export interface ScheduledScalingConfig {
  readonly actions: readonly ScheduledAction[];
  /** Bounds in force before any action (the group's own min/max). */
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /** Unix second of simulated t = 0 (default 2024-01-01T00:00:00Z, a Monday). */
  readonly epochUnixSeconds?: number;
  /** How far before t = 0 to replay actions (default 7 days, one full week of crons). */
  readonly replaySeconds?: number;
}

export class ScheduledScaling {
  minCapacity: number;
  maxCapacity: number;
  /** The last desired capacity an action set, clamped to the bounds; NaN until one does. */
  desiredCapacity = NaN;
  /** Simulated second of the most recent action, −Infinity if none. */
  lastActionSeconds = -Infinity;

  private readonly actions: readonly ScheduledAction[];
  private readonly crons: readonly (CronSchedule | undefined)[];
  private readonly nextFire: Float64Array;
  private readonly epoch: number;
  private earliest = Infinity;

  constructor(config: ScheduledScalingConfig) {
    this.minCapacity = config.minCapacity;
    this.maxCapacity = config.maxCapacity;
    this.actions = config.actions;
    this.epoch = config.epochUnixSeconds ?? DEFAULT_SIMULATION_EPOCH_UNIX_SECONDS;
    this.crons = config.actions.map((a) => (a.cron === undefined ? undefined : typeof a.cron === 'string' ? cronOrThrow(a.cron) : a.cron));
    this.nextFire = new Float64Array(config.actions.length);
    const start = -(config.replaySeconds ?? 7 * 86_400);
    for (let i = 0; i < this.actions.length; i++) {
      const action = this.actions[i]!;
      const cron = this.crons[i];
      if (cron === undefined && action.atSeconds === undefined) throw new RangeError(`scheduled action ${i} has neither cron nor atSeconds`);
      this.nextFire[i] = cron !== undefined ? nextCronSeconds(cron, start - 1, this.epoch) : action.atSeconds! >= start ? action.atSeconds! : Infinity;
    }
    this.refreshEarliest();
    this.advanceTo(0);
  }

  /** Simulated second of the next action, Infinity if none. */
  get nextActionSeconds(): number {
    return this.earliest;
  }

  /**
   * Applies every action due at or before `nowSeconds`, in time order (ties: declaration
   * order). Returns whether anything fired. O(1) when nothing is due.
   */
  advanceTo(nowSeconds: number): boolean {
    if (this.earliest > nowSeconds) return false;
    while (this.earliest <= nowSeconds) {
      let index = 0;
      for (let i = 1; i < this.nextFire.length; i++) if (this.nextFire[i]! < this.nextFire[index]!) index = i;
      const at = this.nextFire[index]!;
      this.apply(this.actions[index]!, at);
      const cron = this.crons[index];
      this.nextFire[index] = cron === undefined ? Infinity : nextCronSeconds(cron, at, this.epoch);
      this.refreshEarliest();
    }
    return true;
  }

  /** Clamps a dynamic policy's desired capacity into the bounds currently in force. */
  clamp(desiredCapacity: number): number {
    return Math.min(this.maxCapacity, Math.max(this.minCapacity, desiredCapacity));
  }

  private apply(action: ScheduledAction, atSeconds: number): void {
    if (action.minCapacity !== undefined) this.minCapacity = action.minCapacity;
    if (action.maxCapacity !== undefined) this.maxCapacity = action.maxCapacity;
    if (action.desiredCapacity !== undefined) this.desiredCapacity = action.desiredCapacity;
    if (!Number.isNaN(this.desiredCapacity)) this.desiredCapacity = this.clamp(this.desiredCapacity);
    this.lastActionSeconds = atSeconds;
  }

  private refreshEarliest(): void {
    let earliest = Infinity;
    for (let i = 0; i < this.nextFire.length; i++) if (this.nextFire[i]! < earliest) earliest = this.nextFire[i]!;
    this.earliest = earliest;
  }
}
