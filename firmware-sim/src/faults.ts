/**
 * Fault switches every simulated device understands, flipped from the command line or at run time
 * through the programmatic API: drop (never answer), delayMs (answer late), duplicate (deliver or
 * answer twice), jam (the mechanism does not move), garbage (line noise before each answer).
 * Disconnecting is an action on the device handle, not a switch.
 */
export interface Faults {
  drop: boolean;
  delayMs: number;
  duplicate: boolean;
  jam: boolean;
  garbage: boolean;
}

export const noFaults = (): Faults => ({
  drop: false,
  delayMs: 0,
  duplicate: false,
  jam: false,
  garbage: false,
});

/** A handle whose faults can be flipped while it runs. */
export interface Faulty {
  readonly faults: Faults;
  setFaults(patch: Partial<Faults>): void;
}

/** Bytes a noisy RS-485 line or a confused scanner produces; never containing a valid frame start. */
export function noiseBytes(length = 6): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => [0xff, 0x00, 0x55, 0xaa, 0x1b, 0x9c][i % 6] ?? 0);
}
