// The financial partner holds a vendor's share 21 days after the charge is captured, then it can be
// paid out (docs/business-rules.md, Money). Days of 24 hours from the instant of capture: a hold ends at the
// same time of day three weeks later, whatever the zone, so it never ends early on a DST change.

export const HOLD_DAYS = 21;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The instant a charge captured at `capturedAt` (ISO 8601) becomes available. */
export function holdEndsAt(capturedAt: string): string {
  const captured = Date.parse(capturedAt);
  if (Number.isNaN(captured)) throw new RangeError(`${capturedAt} is not an instant`);
  return new Date(captured + HOLD_DAYS * DAY_MS).toISOString();
}
