// The legal withdrawal period (docs/business-rules.md, Cancelling and refunds), as pure functions: 7 days for a
// company, 14 for an individual, counted in calendar days from the order's date in the buyer's
// zone (the order's day is day 0), the kind of buyer being the one frozen at order time. On the
// last day the buyer may still withdraw until midnight, their time. Moved here from the
// subscription service: the order owns the order's time, its buyer's kind and its state.

import { DEFAULT_TIME_ZONE } from "@mkt/contracts";

export const WITHDRAWAL_DAYS = { company: 7, individual: 14 } as const;

export interface WithdrawalFacts {
  /** When the order was made: its transmission (the checkout became the order). */
  orderedAt: Date;
  buyerKind: keyof typeof WITHDRAWAL_DAYS;
  timeZone: string;
  /** Whether the order's payment was captured (the vendor accepted it). */
  captured: boolean;
}

export type WithdrawalDecision =
  | { kind: "withdraw"; money: "release-authorization" | "refund-in-full"; lastDay: string }
  | { kind: "refused"; reason: "withdrawal-period-ended"; lastDay: string; detail: string };

const DAY = 24 * 60 * 60 * 1000;

/** `date` (YYYY-MM-DD) plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/**
 * The calendar date (YYYY-MM-DD) that `instant` falls on in `timeZone`. A zone this runtime does
 * not know (the contract only bounds its length) falls back to Paris rather than failing.
 */
export function calendarDateIn(instant: Date, timeZone: string): string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  } catch {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone: DEFAULT_TIME_ZONE,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
  }
  const parts = format.formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** The last day (YYYY-MM-DD, the buyer's zone) on which the buyer may withdraw. */
export function withdrawalLastDay(facts: Pick<WithdrawalFacts, "orderedAt" | "buyerKind" | "timeZone">): string {
  return addDays(calendarDateIn(facts.orderedAt, facts.timeZone), WITHDRAWAL_DAYS[facts.buyerKind]);
}

/**
 * Whether a withdrawal asked at `now` is within the period, and what it does to the money: before
 * capture the authorization is released (nothing moved), after capture the buyer is refunded in
 * full. The period lasts while the buyer's own calendar still reads the last day or before: that
 * is "until midnight their time", whatever the zone's offset or a DST change that day.
 */
export function decideWithdrawal(facts: WithdrawalFacts, now: Date): WithdrawalDecision {
  const lastDay = withdrawalLastDay(facts);
  // ISO dates compare as text.
  if (calendarDateIn(now, facts.timeZone) > lastDay) {
    return {
      kind: "refused",
      reason: "withdrawal-period-ended",
      lastDay,
      detail: `The withdrawal period (${WITHDRAWAL_DAYS[facts.buyerKind]} days for ${facts.buyerKind === "company" ? "a company" : "an individual"}) ended on ${lastDay}.`,
    };
  }
  return { kind: "withdraw", money: facts.captured ? "refund-in-full" : "release-authorization", lastDay };
}
