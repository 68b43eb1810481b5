import { addDays } from "./subscription-state.js";
import { calendarDateIn, dueInstant } from "./anniversary.js";

// The legal withdrawal period (DOMAIN.md, Cancelling and refunds), as a pure function: 7 days for a
// company, 14 for an individual, counted in calendar days from the order's date in the buyer's
// zone (the order's day is day 0), the kind of buyer being the one frozen at order time. On the
// last day the buyer may still withdraw until midnight, their time.

export const WITHDRAWAL_DAYS = { company: 7, individual: 14 } as const;

export interface WithdrawalFacts {
  orderedAt: Date;
  buyerKind: keyof typeof WITHDRAWAL_DAYS;
  timeZone: string;
  /** Whether the order's payment was captured (the vendor accepted it). */
  captured: boolean;
}

export type WithdrawalDecision =
  | { kind: "withdraw"; money: "release-authorization" | "refund-in-full"; lastDay: string }
  | { kind: "refused"; reason: "withdrawal-period-ended"; lastDay: string; detail: string };

/** The last day (YYYY-MM-DD, the buyer's zone) on which the buyer may withdraw. */
export function withdrawalLastDay(facts: Pick<WithdrawalFacts, "orderedAt" | "buyerKind" | "timeZone">): string {
  return addDays(calendarDateIn(facts.orderedAt, facts.timeZone), WITHDRAWAL_DAYS[facts.buyerKind]);
}

/**
 * Whether a withdrawal asked at `now` is within the period, and what it does to the money: before
 * capture the authorization is released (nothing moved), after capture the buyer is refunded in
 * full. The subscription then ends at once (its `withdraw` command).
 */
export function decideWithdrawal(facts: WithdrawalFacts, now: Date): WithdrawalDecision {
  const lastDay = withdrawalLastDay(facts);
  const closesAt = dueInstant(addDays(lastDay, 1), facts.timeZone);
  if (now.getTime() >= closesAt.getTime()) {
    return {
      kind: "refused",
      reason: "withdrawal-period-ended",
      lastDay,
      detail: `The withdrawal period (${WITHDRAWAL_DAYS[facts.buyerKind]} days for ${facts.buyerKind === "company" ? "a company" : "an individual"}) ended on ${lastDay}.`,
    };
  }
  return { kind: "withdraw", money: facts.captured ? "refund-in-full" : "release-authorization", lastDay };
}
