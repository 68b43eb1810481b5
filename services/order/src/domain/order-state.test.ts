import { decide, deadlinesFrom, shouldRemind, type Actor, type OrderState } from "./order-state.js";

const HOUR = 60 * 60 * 1000;
const t0 = new Date("2026-03-15T10:00:00.000Z");
const deadlines = deadlinesFrom(t0);
const at = (hours: number) => new Date(t0.getTime() + hours * HOUR);
const vendor: Actor = { kind: "vendor", id: "vendor-1" };
const buyer: Actor = { kind: "buyer", id: "buyer-1" };

describe("an order's deadlines", () => {
  it("are 24 hours, 48 hours and 5 days after transmission", () => {
    expect(deadlines.reminderAt.toISOString()).toBe("2026-03-16T10:00:00.000Z");
    expect(deadlines.validationDueAt.toISOString()).toBe("2026-03-17T10:00:00.000Z");
    expect(deadlines.autoCancelAt.toISOString()).toBe("2026-03-20T10:00:00.000Z");
  });
});

describe("the order state machine", () => {
  it("lets the vendor accept a transmitted order, on time", () => {
    const decision = decide("transmitted", { kind: "accept", actor: vendor }, deadlines, at(3));
    expect(decision).toEqual({
      kind: "moved",
      steps: [{ from: "transmitted", to: "accepted", at: at(3), actor: vendor, note: null, late: false }],
    });
  });

  it("lets the vendor refuse a transmitted order with its reason", () => {
    const decision = decide(
      "transmitted",
      { kind: "refuse", actor: vendor, reason: "out of capacity" },
      deadlines,
      at(3),
    );
    expect(decision).toMatchObject({
      kind: "moved",
      steps: [{ from: "transmitted", to: "refused", note: "out of capacity", refusalReason: "out of capacity" }],
    });
  });

  it("delivers only an accepted order", () => {
    expect(decide("accepted", { kind: "deliver", actor: vendor }, deadlines, at(60))).toMatchObject({
      kind: "moved",
      steps: [{ from: "accepted", to: "delivered" }],
    });
    for (const state of ["transmitted", "overdue", "refused", "cancelled", "delivered"] as OrderState[]) {
      expect(decide(state, { kind: "deliver", actor: vendor }, deadlines, at(3))).toMatchObject({
        kind: "refused",
        reason: "wrong-state",
      });
    }
  });

  it("refuses to refuse an order that is no longer transmitted, saying its state", () => {
    const decision = decide("accepted", { kind: "refuse", actor: vendor, reason: "no" }, deadlines, at(3));
    expect(decision).toMatchObject({ kind: "refused", reason: "wrong-state", state: "accepted" });
    if (decision.kind === "refused") expect(decision.detail).toMatch(/accepted/);
  });

  it("marks the order overdue at 48 hours, and only once", () => {
    expect(decide("transmitted", { kind: "mark-overdue" }, deadlines, at(47.9))).toEqual({ kind: "unchanged" });
    expect(decide("transmitted", { kind: "mark-overdue" }, deadlines, at(48))).toMatchObject({
      kind: "moved",
      steps: [{ from: "transmitted", to: "overdue", at: at(48) }],
    });
    expect(decide("overdue", { kind: "mark-overdue" }, deadlines, at(49))).toEqual({ kind: "unchanged" });
    expect(decide("accepted", { kind: "mark-overdue" }, deadlines, at(49))).toEqual({ kind: "unchanged" });
  });

  it("lets the vendor accept an overdue order late, until the automatic cancellation", () => {
    expect(decide("overdue", { kind: "accept", actor: vendor }, deadlines, at(50))).toMatchObject({
      kind: "moved",
      steps: [{ from: "overdue", to: "accepted", late: true }],
    });
    expect(decide("overdue", { kind: "accept", actor: vendor }, deadlines, at(120))).toMatchObject({
      kind: "refused",
      reason: "expired",
    });
  });

  it("records the overdue step first when time made the order overdue before its timer fired", () => {
    const decision = decide("transmitted", { kind: "accept", actor: vendor }, deadlines, at(49));
    expect(decision).toMatchObject({
      kind: "moved",
      steps: [
        { from: "transmitted", to: "overdue", at: at(48), actor: { kind: "system", id: null } },
        { from: "overdue", to: "accepted", at: at(49), late: true },
      ],
    });
  });

  it("lets the buyer cancel only once the order is overdue, saying when it becomes possible", () => {
    const early = decide("transmitted", { kind: "cancel-by-buyer", actor: buyer }, deadlines, at(10));
    expect(early).toMatchObject({ kind: "refused", reason: "not-overdue-yet", possibleFrom: at(48) });
    if (early.kind === "refused") expect(early.detail).toContain("2026-03-17T10:00:00.000Z");
    expect(decide("overdue", { kind: "cancel-by-buyer", actor: buyer }, deadlines, at(50))).toMatchObject({
      kind: "moved",
      steps: [{ from: "overdue", to: "cancelled", actor: buyer, cancellationReason: "buyer-cancelled-overdue" }],
    });
    expect(decide("accepted", { kind: "cancel-by-buyer", actor: buyer }, deadlines, at(50))).toMatchObject({
      kind: "refused",
      reason: "wrong-state",
    });
  });

  it("cancels an unanswered order automatically 5 days after transmission, and nothing else", () => {
    expect(decide("overdue", { kind: "expire" }, deadlines, at(120))).toMatchObject({
      kind: "moved",
      steps: [
        { from: "overdue", to: "cancelled", cancellationReason: "expired-unanswered", actor: { kind: "system" } },
      ],
    });
    expect(decide("transmitted", { kind: "expire" }, deadlines, at(120))).toMatchObject({
      kind: "moved",
      steps: [{ to: "overdue" }, { to: "cancelled" }],
    });
    expect(decide("overdue", { kind: "expire" }, deadlines, at(119))).toEqual({ kind: "unchanged" });
    for (const state of ["accepted", "refused", "cancelled", "delivered"] as OrderState[]) {
      expect(decide(state, { kind: "expire" }, deadlines, at(121))).toEqual({ kind: "unchanged" });
    }
  });
});

describe("the validation reminder", () => {
  it("goes out at 24 hours while the vendor has not answered, once", () => {
    expect(shouldRemind("transmitted", deadlines, at(23.9), null)).toBe(false);
    expect(shouldRemind("transmitted", deadlines, at(24), null)).toBe(true);
    expect(shouldRemind("transmitted", deadlines, at(25), at(24))).toBe(false);
    expect(shouldRemind("accepted", deadlines, at(24), null)).toBe(false);
    expect(shouldRemind("refused", deadlines, at(24), null)).toBe(false);
  });
});

describe("the buyer's withdrawal", () => {
  // t0 is 15 March 2026, 11:00 in Paris: a company's period ends on 22 March, an individual's on 29 March.
  const company = { orderedAt: t0, buyerKind: "company" as const, timeZone: "Europe/Paris" };
  const withdraw = { kind: "withdraw" as const, actor: buyer, period: company };
  const day = (n: number) => new Date(Date.parse("2026-03-15T12:00:00.000Z") + n * 24 * HOUR);

  it("refunds an accepted or delivered order in full, within the period", () => {
    for (const state of ["accepted", "delivered"] as const) {
      expect(decide(state, withdraw, deadlines, day(7))).toEqual({
        kind: "moved",
        steps: [
          {
            from: state,
            to: "withdrawn",
            at: day(7),
            actor: buyer,
            note: "withdrawn by the buyer: refunded in full",
            withdrawal: { money: "refund-in-full", lastDay: "2026-03-22" },
          },
        ],
      });
    }
  });

  it("releases the authorization of an order not accepted yet, recording the overdue transition first", () => {
    expect(decide("transmitted", withdraw, deadlines, at(3))).toMatchObject({
      steps: [{ from: "transmitted", to: "withdrawn", withdrawal: { money: "release-authorization" } }],
    });
    expect(decide("transmitted", withdraw, deadlines, at(50))).toMatchObject({
      steps: [
        { from: "transmitted", to: "overdue", at: deadlines.validationDueAt },
        { from: "overdue", to: "withdrawn", withdrawal: { money: "release-authorization" } },
      ],
    });
  });

  it("is refused after the last day, with that day", () => {
    expect(decide("accepted", withdraw, deadlines, day(8))).toEqual({
      kind: "refused",
      reason: "withdrawal-period-ended",
      state: "accepted",
      lastDay: "2026-03-22",
      detail: "The withdrawal period (7 days for a company) ended on 2026-03-22.",
    });
    const individual = { ...withdraw, period: { ...company, buyerKind: "individual" as const } };
    expect(decide("delivered", individual, deadlines, day(14))).toMatchObject({ kind: "moved" });
    expect(decide("delivered", individual, deadlines, day(15))).toMatchObject({ lastDay: "2026-03-29" });
  });

  it("has nothing to withdraw from a refused or cancelled order, and answers the same when asked twice", () => {
    for (const state of ["refused", "cancelled"] as const) {
      expect(decide(state, withdraw, deadlines, day(1))).toMatchObject({
        kind: "refused",
        reason: "wrong-state",
        state,
      });
    }
    expect(decide("withdrawn", withdraw, deadlines, day(1))).toEqual({ kind: "unchanged" });
    expect(decide("withdrawn", withdraw, deadlines, day(30))).toEqual({ kind: "unchanged" });
  });

  it("leaves a withdrawn order alone: no command moves it, the timers do nothing", () => {
    expect(decide("withdrawn", { kind: "accept", actor: vendor }, deadlines, at(3))).toMatchObject({
      kind: "refused",
    });
    expect(decide("withdrawn", { kind: "expire" }, deadlines, at(200))).toEqual({ kind: "unchanged" });
    expect(decide("withdrawn", { kind: "mark-overdue" }, deadlines, at(50))).toEqual({ kind: "unchanged" });
  });
});
