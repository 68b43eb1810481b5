// The order's state machine (docs/business-rules.md, Ordering), as pure functions: no I/O, no clock of its
// own. The use cases (src/app) apply what these decide, in one transaction with the events.
//
//   transmitted ──accept──▶ accepted ──deliver──▶ delivered
//   transmitted ──refuse──▶ refused
//   transmitted ──48 h───▶ overdue ──accept (late)──▶ accepted
//                                  ──buyer cancels──▶ cancelled
//   transmitted | overdue ──5 days──▶ cancelled (expired-unanswered)
//   transmitted | overdue | accepted | delivered ──buyer withdraws (7 / 14 days)──▶ withdrawn

import { decideWithdrawal, type WithdrawalFacts } from "./withdrawal.js";

export const ORDER_STATES = [
  "transmitted",
  "overdue",
  "accepted",
  "refused",
  "cancelled",
  "delivered",
  "withdrawn",
] as const;
export type OrderState = (typeof ORDER_STATES)[number];

/** The states where the vendor has not answered yet: timers are armed only while in them. */
export const WAITING_STATES: readonly OrderState[] = ["transmitted", "overdue"];

export interface Actor {
  kind: "buyer" | "vendor" | "operator" | "system";
  id: string | null;
}
export const SYSTEM: Actor = { kind: "system", id: null };

export interface Deadlines {
  transmittedAt: Date;
  reminderAt: Date;
  validationDueAt: Date;
  autoCancelAt: Date;
}

const HOUR = 60 * 60 * 1000;
export const REMINDER_AFTER_MS = 24 * HOUR;
export const VALIDATION_DELAY_MS = 48 * HOUR;
export const AUTO_CANCEL_AFTER_MS = 5 * 24 * HOUR;

/** The deadlines of an order transmitted at `transmittedAt`: 24 h reminder, 48 h validation, 5 days. */
export function deadlinesFrom(transmittedAt: Date): Deadlines {
  const at = transmittedAt.getTime();
  return {
    transmittedAt,
    reminderAt: new Date(at + REMINDER_AFTER_MS),
    validationDueAt: new Date(at + VALIDATION_DELAY_MS),
    autoCancelAt: new Date(at + AUTO_CANCEL_AFTER_MS),
  };
}

export type OrderCommand =
  | { kind: "accept"; actor: Actor }
  | { kind: "refuse"; actor: Actor; reason: string }
  | { kind: "deliver"; actor: Actor }
  | { kind: "cancel-by-buyer"; actor: Actor }
  /** The buyer's legal withdrawal; whether the money was captured follows from the state. */
  | { kind: "withdraw"; actor: Actor; period: Omit<WithdrawalFacts, "captured"> }
  /** The 48-hour timer. */
  | { kind: "mark-overdue" }
  /** The 5-day timer. */
  | { kind: "expire" };

export type CancellationReason = "buyer-cancelled-overdue" | "expired-unanswered";

/** One recorded transition: the timeline's row and the event it raises. */
export interface Transition {
  from: OrderState;
  to: OrderState;
  at: Date;
  actor: Actor;
  note: string | null;
  late?: boolean;
  cancellationReason?: CancellationReason;
  refusalReason?: string;
  withdrawal?: { money: "release-authorization" | "refund-in-full"; lastDay: string };
}

export type RefusalKind = "wrong-state" | "not-overdue-yet" | "expired" | "withdrawal-period-ended";

export type Decision =
  | { kind: "moved"; steps: Transition[] }
  | { kind: "unchanged" }
  | {
      kind: "refused";
      reason: RefusalKind;
      state: OrderState;
      detail: string;
      possibleFrom?: Date;
      /** For `withdrawal-period-ended`: the period's last day (YYYY-MM-DD, the buyer's zone). */
      lastDay?: string;
    };

/** The states whose payment was captured: the vendor accepted. */
const CAPTURED_STATES: readonly OrderState[] = ["accepted", "delivered"];

/**
 * The state as time makes it: an order still `transmitted` once its 48 hours have passed is
 * overdue even if the overdue timer has not fired yet (a poll away). Commands act on this state,
 * recording the overdue transition first (at the deadline), so the timeline never skips it.
 */
export function effectiveState(state: OrderState, deadlines: Deadlines, now: Date): OrderState {
  return state === "transmitted" && now.getTime() >= deadlines.validationDueAt.getTime() ? "overdue" : state;
}

function becameOverdue(state: OrderState, deadlines: Deadlines, now: Date): Transition[] {
  return state === "transmitted" && effectiveState(state, deadlines, now) === "overdue"
    ? [
        {
          from: "transmitted",
          to: "overdue",
          at: deadlines.validationDueAt,
          actor: SYSTEM,
          note: "48 hours without an answer",
        },
      ]
    : [];
}

const iso = (date: Date) => date.toISOString();

/** Decides what a command does to an order in `state`, at `now`. */
export function decide(state: OrderState, command: OrderCommand, deadlines: Deadlines, now: Date): Decision {
  const current = effectiveState(state, deadlines, now);
  const overdueFirst = becameOverdue(state, deadlines, now);
  const moved = (step: Omit<Transition, "from" | "at">): Decision => ({
    kind: "moved",
    steps: [...overdueFirst, { from: current, at: now, ...step }],
  });
  const wrongState = (action: string, allowed: string): Decision => ({
    kind: "refused",
    reason: "wrong-state",
    state: current,
    detail: `The order is ${current}: only ${allowed} order can be ${action}.`,
  });

  switch (command.kind) {
    case "accept": {
      if (!WAITING_STATES.includes(current)) return wrongState("accepted", "a transmitted or overdue");
      if (now.getTime() >= deadlines.autoCancelAt.getTime()) {
        return {
          kind: "refused",
          reason: "expired",
          state: current,
          detail: `The order expired unanswered at ${iso(deadlines.autoCancelAt)} (5 days after transmission) and is being cancelled: it can no longer be accepted.`,
        };
      }
      const late = current === "overdue";
      return moved({
        to: "accepted",
        actor: command.actor,
        note: late ? "accepted late (after the 48-hour deadline)" : null,
        late,
      });
    }
    case "refuse":
      if (current !== "transmitted") return wrongState("refused", "a transmitted (not yet overdue)");
      return moved({ to: "refused", actor: command.actor, note: command.reason, refusalReason: command.reason });
    case "deliver":
      if (current !== "accepted") return wrongState("delivered", "an accepted");
      return moved({ to: "delivered", actor: command.actor, note: null });
    case "cancel-by-buyer":
      if (current === "transmitted") {
        return {
          kind: "refused",
          reason: "not-overdue-yet",
          state: current,
          possibleFrom: deadlines.validationDueAt,
          detail: `The vendor has until ${iso(deadlines.validationDueAt)} (48 hours after transmission) to answer: the order can be cancelled from then on if it is still unanswered.`,
        };
      }
      if (current !== "overdue") return wrongState("cancelled by the buyer", "an overdue");
      return moved({
        to: "cancelled",
        actor: command.actor,
        note: "cancelled by the buyer: the vendor did not answer within 48 hours",
        cancellationReason: "buyer-cancelled-overdue",
      });
    case "withdraw": {
      if (current === "withdrawn") return { kind: "unchanged" };
      if (current === "refused" || current === "cancelled")
        return wrongState("withdrawn", "a transmitted, overdue, accepted or delivered");
      const withdrawal = decideWithdrawal({ ...command.period, captured: CAPTURED_STATES.includes(current) }, now);
      if (withdrawal.kind === "refused") {
        return {
          kind: "refused",
          reason: withdrawal.reason,
          state: current,
          detail: withdrawal.detail,
          lastDay: withdrawal.lastDay,
        };
      }
      return moved({
        to: "withdrawn",
        actor: command.actor,
        note:
          withdrawal.money === "refund-in-full"
            ? "withdrawn by the buyer: refunded in full"
            : "withdrawn by the buyer: authorization released",
        withdrawal: { money: withdrawal.money, lastDay: withdrawal.lastDay },
      });
    }
    case "mark-overdue":
      return overdueFirst.length > 0 ? { kind: "moved", steps: overdueFirst } : { kind: "unchanged" };
    case "expire":
      if (!WAITING_STATES.includes(current) || now.getTime() < deadlines.autoCancelAt.getTime())
        return { kind: "unchanged" };
      return moved({
        to: "cancelled",
        actor: SYSTEM,
        note: "expired-unanswered: no answer 5 days after transmission",
        cancellationReason: "expired-unanswered",
      });
  }
}

/** The 24-hour reminder goes out only while the order still awaits its vendor's first answer. */
export function shouldRemind(
  state: OrderState,
  deadlines: Deadlines,
  now: Date,
  alreadyRemindedAt: Date | null,
): boolean {
  return (
    alreadyRemindedAt === null &&
    effectiveState(state, deadlines, now) === "transmitted" &&
    now.getTime() >= deadlines.reminderAt.getTime()
  );
}
