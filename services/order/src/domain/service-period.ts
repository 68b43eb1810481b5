// A renewal period as its invoice prints it. A subscription's period is a span of calendar dates
// in the buyer's zone, `endsBefore` exclusive (the next period starts on it): an invoice prints
// the days served, from the first to the last included.

const DAY = 24 * 60 * 60 * 1000;

/** The period's last day: the day before `endsBefore` (`2024-03-31` → `2024-03-30`, `2024-03-01` → `2024-02-29`). */
export function lastDayOf(endsBefore: string): string {
  return new Date(Date.parse(`${endsBefore}T00:00:00Z`) - DAY).toISOString().slice(0, 10);
}

/** A period is at least one day long: `endsBefore` after `startsOn` (ISO dates compare as text). */
export function isPeriod(period: { startsOn: string; endsBefore: string }): boolean {
  return period.endsBefore > period.startsOn;
}
