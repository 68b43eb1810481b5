import {
  DUNNING_RETRY_DAYS,
  chargeKey,
  decide,
  reminderAt,
  startSubscription,
  timersOf,
  type AcceptedLine,
  type Decision,
  type Subscription,
  type SubscriptionCommand,
} from "./subscription-state.js";

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

const line: AcceptedLine = {
  subscriptionId: "sub-1",
  buyerId: "buyer-1",
  productId: "product-1",
  cycle: "monthly",
  purchaseDate: "2024-01-31",
  timeZone: "Europe/Paris",
  unitPrice: { amount: 1000, currency: "EUR" },
  quantity: 2,
  vatRateBasisPoints: 2000,
  commitmentMonths: 0,
  trialDays: 0,
};

function started(overrides: Partial<AcceptedLine> = {}, trialAlreadyUsed = false): Subscription {
  const subscription = startSubscription({ ...line, ...overrides }, trialAlreadyUsed);
  if ("kind" in subscription) throw new Error(subscription.detail);
  return subscription;
}

function moved(decision: Decision) {
  if (decision.kind !== "moved") throw new Error(`expected moved, got ${JSON.stringify(decision)}`);
  return decision;
}

/** Applies commands in order, each at its instant, keeping the state each moved to. */
function run(subscription: Subscription, steps: [SubscriptionCommand, Date][]): Subscription {
  return steps.reduce((current, [command, at]) => {
    const decision = decide(current, command, at);
    return decision.kind === "moved" ? decision.next : current;
  }, subscription);
}

// Europe/Paris is UTC+1 in winter, UTC+2 from the last Sunday of March.
const feb29Due = new Date("2024-02-28T23:00:00.000Z");
const mar31Due = new Date("2024-03-30T23:00:00.000Z");

describe("starting a subscription from an accepted order line", () => {
  it("starts active, anchored on the purchase date, period 0 paid by the order", () => {
    const subscription = started();
    expect(subscription).toMatchObject({ state: "active", anchor: "2024-01-31", paidPeriod: 0, cancellation: null });
    expect(timersOf(subscription).chargeAt).toEqual(feb29Due);
  });

  it("starts a trial anchored on its end, the first charge falling then", () => {
    const subscription = started({ trialDays: 14 });
    expect(subscription).toMatchObject({ state: "trialing", anchor: "2024-02-14", paidPeriod: -1 });
    expect(timersOf(subscription).chargeAt).toEqual(new Date("2024-02-13T23:00:00.000Z"));
  });

  it("grants one trial per buyer per solution", () => {
    expect(startSubscription({ ...line, trialDays: 14 }, true)).toMatchObject({
      kind: "refused",
      reason: "trial-already-used",
    });
    // Without a trial, a buyer who had one may subscribe again.
    expect(startSubscription(line, true)).toMatchObject({ state: "active" });
  });
});

describe("renewals", () => {
  it("asks to charge the next period once it is due, with the period's idempotency key and amount", () => {
    const subscription = started();
    expect(decide(subscription, { kind: "charge-due" }, new Date(feb29Due.getTime() - 1))).toEqual({
      kind: "unchanged",
    });
    expect(decide(subscription, { kind: "charge-due" }, feb29Due)).toEqual({
      kind: "charge",
      charge: {
        period: 1,
        attempt: 0,
        idempotencyKey: "sub-1:1",
        amount: { amount: 2400, currency: "EUR" },
        dueAt: feb29Due,
      },
    });
  });

  it("records a paid period as renewed with its totals (VAT once, 3% fee on the total), once", () => {
    const decision = moved(decide(started(), { kind: "charge-succeeded", period: 1 }, feb29Due));
    expect(decision.next).toMatchObject({ state: "active", paidPeriod: 1 });
    expect(decision.facts).toEqual([
      {
        kind: "renewed",
        period: 1,
        periodStart: "2024-02-29",
        periodEnd: "2024-03-31",
        totals: {
          subtotal: { amount: 2000, currency: "EUR" },
          vat: { amount: 400, currency: "EUR" },
          total: { amount: 2400, currency: "EUR" },
          fee: { amount: 72, currency: "EUR" },
        },
      },
    ]);
    expect(timersOf(decision.next).chargeAt).toEqual(mar31Due);
    // The same success delivered twice changes nothing.
    expect(decide(decision.next, { kind: "charge-succeeded", period: 1 }, feb29Due)).toEqual({ kind: "unchanged" });
  });

  it("converts a trial at its first charge", () => {
    const trial = started({ trialDays: 14 });
    const due = new Date("2024-02-13T23:00:00.000Z");
    expect(decide(trial, { kind: "charge-due" }, due)).toMatchObject({
      charge: { period: 0, idempotencyKey: "sub-1:0" },
    });
    expect(moved(decide(trial, { kind: "charge-succeeded", period: 0 }, due)).next).toMatchObject({
      state: "active",
      paidPeriod: 0,
    });
  });
});

describe("dunning", () => {
  it("retries a failed renewal 1, 3, 5 and 7 days after its due date, each with its own key", () => {
    expect(DUNNING_RETRY_DAYS).toEqual([1, 3, 5, 7]);
    let subscription = started();
    for (const [index, days] of DUNNING_RETRY_DAYS.entries()) {
      const decision = moved(decide(subscription, { kind: "charge-failed", period: 1 }, feb29Due));
      subscription = decision.next;
      const retryAt = new Date(feb29Due.getTime() + days * DAY);
      expect(subscription).toMatchObject({ state: "past_due", openCharge: { period: 1, failures: index + 1 } });
      expect(decision.facts).toEqual([
        { kind: "renewal-failed", period: 1, failures: index + 1, nextRetryAt: retryAt },
      ]);
      expect(decide(subscription, { kind: "charge-due" }, new Date(retryAt.getTime() - 1))).toEqual({
        kind: "unchanged",
      });
      expect(decide(subscription, { kind: "charge-due" }, retryAt)).toMatchObject({
        charge: { period: 1, attempt: index + 1, idempotencyKey: `sub-1:1:retry-${index + 1}` },
      });
    }
  });

  it("suspends after the last retry fails, and ends the subscription 30 days later", () => {
    const failures = Array.from({ length: 5 }, (): [SubscriptionCommand, Date] => [
      { kind: "charge-failed", period: 1 },
      feb29Due,
    ]);
    const lastRetry = new Date(feb29Due.getTime() + 7 * DAY);
    const beforeLast = run(started(), failures.slice(0, 4));
    const decision = moved(decide(beforeLast, { kind: "charge-failed", period: 1 }, lastRetry));
    expect(decision.facts.map((fact) => fact.kind)).toEqual(["renewal-failed", "suspended"]);
    const suspended = decision.next;
    expect(suspended).toMatchObject({ state: "suspended", suspendedAt: lastRetry });
    expect(timersOf(suspended)).toMatchObject({
      chargeAt: null,
      endSuspensionAt: new Date(lastRetry.getTime() + 30 * DAY),
    });
    expect(decide(suspended, { kind: "end-suspension" }, new Date(lastRetry.getTime() + 30 * DAY - 1))).toEqual({
      kind: "unchanged",
    });
    expect(
      moved(decide(suspended, { kind: "end-suspension" }, new Date(lastRetry.getTime() + 30 * DAY))).next,
    ).toMatchObject({ state: "ended", endReason: "suspended-too-long" });
  });

  it("reactivates a suspended subscription when its open period is paid, keeping the anchor", () => {
    const suspended = run(
      started(),
      Array.from({ length: 5 }, (): [SubscriptionCommand, Date] => [{ kind: "charge-failed", period: 1 }, feb29Due]),
    );
    const payAt = new Date("2024-03-20T10:00:00.000Z");
    expect(decide(suspended, { kind: "pay-open-period" }, payAt)).toMatchObject({
      kind: "charge",
      charge: { period: 1, idempotencyKey: "sub-1:1:retry-5" },
    });
    const decision = moved(decide(suspended, { kind: "charge-succeeded", period: 1 }, payAt));
    expect(decision.facts.map((fact) => fact.kind)).toEqual(["reactivated", "renewed"]);
    expect(decision.next).toMatchObject({ state: "active", anchor: "2024-01-31", suspendedAt: null, openCharge: null });
    expect(timersOf(decision.next).chargeAt).toEqual(mar31Due);
  });

  it("has no open period to pay on an active subscription", () => {
    expect(decide(started(), { kind: "pay-open-period" }, feb29Due)).toMatchObject({
      kind: "refused",
      reason: "wrong-state",
    });
  });
});

describe("stopping renewal", () => {
  const subscription = started();

  it("answers the last day of service and the amount no longer charged, and changes nothing until confirmed", () => {
    const asked = new Date(feb29Due.getTime() - 25 * HOUR);
    const decision = moved(decide(subscription, { kind: "request-cancellation" }, asked));
    expect(decision.cancellation).toEqual({
      lastDayOfService: "2024-02-28",
      effectiveDate: "2024-02-29",
      amountNoLongerCharged: { amount: 2400, currency: "EUR" },
      deferredByCommitment: false,
    });
    expect(decision.facts).toEqual([]);
    expect(decision.next.cancellation).toMatchObject({ status: "requested" });
    expect(decide(decision.next, { kind: "charge-due" }, feb29Due)).toMatchObject({ kind: "charge" });
  });

  it("takes effect once confirmed: the due date ends the subscription without a charge", () => {
    const asked = new Date(feb29Due.getTime() - 25 * HOUR);
    const confirmed = run(subscription, [
      [{ kind: "request-cancellation" }, asked],
      [{ kind: "confirm-cancellation" }, new Date(asked.getTime() + 60_000)],
    ]);
    expect(confirmed.cancellation).toMatchObject({ status: "confirmed", effectiveDate: "2024-02-29" });
    const decision = moved(decide(confirmed, { kind: "charge-due" }, feb29Due));
    expect(decision.next).toMatchObject({ state: "ended", endReason: "cancelled" });
    expect(decision.charge).toBeUndefined();
  });

  it("refuses 23 hours before the due date, saying from when a cancellation would take effect", () => {
    expect(
      decide(subscription, { kind: "request-cancellation" }, new Date(feb29Due.getTime() - 23 * HOUR)),
    ).toMatchObject({ kind: "refused", reason: "too-late-to-cancel", possibleFrom: "2024-03-31" });
  });

  it("lets an unconfirmed request expire, and refuses to confirm it afterwards", () => {
    const asked = new Date("2024-02-10T10:00:00.000Z");
    const requested = moved(decide(subscription, { kind: "request-cancellation" }, asked)).next;
    const expiry = timersOf(requested).expireCancellationRequestAt!;
    expect(expiry).toEqual(new Date(asked.getTime() + HOUR));
    expect(decide(requested, { kind: "confirm-cancellation" }, expiry)).toMatchObject({
      reason: "cancellation-request-expired",
    });
    expect(moved(decide(requested, { kind: "expire-cancellation-request" }, expiry)).next.cancellation).toBeNull();
  });

  it("refuses to confirm a request whose 24-hour deadline passed meanwhile", () => {
    const asked = new Date(feb29Due.getTime() - 24 * HOUR - 30 * 60_000);
    const requested = moved(decide(subscription, { kind: "request-cancellation" }, asked)).next;
    expect(
      decide(requested, { kind: "confirm-cancellation" }, new Date(feb29Due.getTime() - 23 * HOUR - 45 * 60_000)),
    ).toMatchObject({ kind: "refused", reason: "too-late-to-cancel", possibleFrom: "2024-03-31" });
  });

  it("undoes a confirmed cancellation until the period ends: renewal goes on", () => {
    const asked = new Date("2024-02-10T10:00:00.000Z");
    const confirmed = run(subscription, [
      [{ kind: "request-cancellation" }, asked],
      [{ kind: "confirm-cancellation" }, asked],
    ]);
    const decision = moved(decide(confirmed, { kind: "undo-cancellation" }, new Date(feb29Due.getTime() - HOUR)));
    expect(decision.facts).toEqual([{ kind: "cancellation-undone", effectiveDate: "2024-02-29" }]);
    expect(decide(decision.next, { kind: "charge-due" }, feb29Due)).toMatchObject({ kind: "charge" });
    expect(decide(started(), { kind: "undo-cancellation" }, asked)).toMatchObject({ reason: "no-cancellation" });
  });

  it("with a commitment, takes effect at the end of the committed term", () => {
    const committed = started({ commitmentMonths: 12 });
    const decision = moved(decide(committed, { kind: "request-cancellation" }, new Date("2024-02-10T10:00:00.000Z")));
    expect(decision.cancellation).toMatchObject({
      effectiveDate: "2025-01-31",
      lastDayOfService: "2025-01-30",
      deferredByCommitment: true,
    });
  });

  it("cancels a trial before its end: no charge at all", () => {
    const trial = started({ trialDays: 14 });
    const asked = new Date("2024-02-05T10:00:00.000Z");
    const confirmed = run(trial, [
      [{ kind: "request-cancellation" }, asked],
      [{ kind: "confirm-cancellation" }, asked],
    ]);
    expect(confirmed.cancellation).toMatchObject({ effectiveDate: "2024-02-14" });
    const decision = moved(decide(confirmed, { kind: "charge-due" }, new Date("2024-02-13T23:00:00.000Z")));
    expect(decision.next).toMatchObject({ state: "ended", endReason: "cancelled", paidPeriod: -1 });
  });
});

describe("the yearly reminder", () => {
  it("falls 30 days before renewal (or N days), at the buyer's midnight, and never for monthly plans", () => {
    const yearly = started({ cycle: "yearly", purchaseDate: "2024-02-29" });
    expect(reminderAt(yearly)).toEqual(new Date("2025-01-28T23:00:00.000Z"));
    expect(reminderAt(yearly, 7)).toEqual(new Date("2025-02-20T23:00:00.000Z"));
    expect(reminderAt(started())).toBeNull();
  });

  it("is not sent once renewal is stopped", () => {
    const yearly = started({ cycle: "yearly" });
    const asked = new Date("2024-03-01T10:00:00.000Z");
    const confirmed = run(yearly, [
      [{ kind: "request-cancellation" }, asked],
      [{ kind: "confirm-cancellation" }, asked],
    ]);
    expect(reminderAt(confirmed)).toBeNull();
  });
});

describe("withdrawal", () => {
  // The period itself is the order service's rule (services/order/src/domain/withdrawal.ts).
  it("ends the subscription at once", () => {
    const decision = moved(decide(started(), { kind: "withdraw" }, new Date("2024-02-03T10:00:00.000Z")));
    expect(decision.next).toMatchObject({ state: "ended", endReason: "withdrawn" });
    expect(decision.facts).toEqual([{ kind: "ended", reason: "withdrawn" }]);
    expect(timersOf(decision.next).chargeAt).toBeNull();
  });
});

describe("charge keys", () => {
  it("are one per period, and one per retry", () => {
    expect(chargeKey("s", 3, 0)).toBe("s:3");
    expect(chargeKey("s", 3, 2)).toBe("s:3:retry-2");
  });
});
