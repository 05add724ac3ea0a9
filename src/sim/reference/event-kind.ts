/**
 * What an event in the reference simulator does, and its priority among events at the same
 * instant (lower first). The order mirrors the step engine's within one sync: capacity changes
 * that are due (boots, spot losses) land before anything else, so a sync at that instant sees
 * them, as the engine flushes due fleet events before deciding; a completion frees its server
 * before an arrival at the same instant looks for one; the autoscaler decides last.
 */
export const EventKind = {
  BootDone: 0,
  SpotLoss: 1,
  Departure: 2,
  SpotInterruption: 3,
  Arrival: 4,
  Sync: 5,
} as const;

/** Priority = kind: the constants above are already in the order wanted. */
export type EventKindCode = (typeof EventKind)[keyof typeof EventKind];
