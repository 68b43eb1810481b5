import type { OrderFacts } from "@mkt/contracts";
import { acceptedLines, firstPeriod, nextDue, purchaseDate, trialEndsOn } from "./start.js";
import { startSubscription, type Subscription } from "./subscription-state.js";

const eur = (amount: number) => ({ amount, currency: "EUR" });

function order(overrides: { transmittedAt?: string; timeZone?: string; trialDays?: number } = {}): OrderFacts {
  const line = {
    lineId: "line-1",
    productId: "product-1",
    productName: "Managed Kubernetes",
    planId: "plan-1",
    planName: "Cluster",
    billingCycle: "monthly" as const,
    commitmentMonths: 12,
    trialDays: overrides.trialDays ?? 0,
    quantity: 2,
    unitPrice: eur(1000),
    amount: eur(2000),
  };
  return {
    orderId: "order-1",
    checkoutId: "checkout-1",
    paymentId: "payment-1",
    vendor: {
      vendorId: "vendor-1",
      legalName: "Nuage SAS",
      publicContact: { email: "sales@nuage.example", phone: "+33 1 84 00 00 00" },
      registrationNumber: null,
      vatNumber: null,
      registeredAddress: null,
    },
    buyer: {
      buyerId: "buyer-1",
      kind: "company",
      name: "Acme SAS",
      email: "billing@acme.example",
      locale: "fr",
      registrationNumber: "732829320",
      vatNumber: null,
      address: null,
      country: "FR",
      ...(overrides.timeZone ? { timeZone: overrides.timeZone } : {}),
    },
    lines: [line, { ...line, lineId: "line-2", productId: "product-2", billingCycle: "yearly", commitmentMonths: 0 }],
    vatTreatment: { kind: "standard", rateBasisPoints: 2000, mention: null },
    totals: { subtotal: eur(4000), vat: eur(800), total: eur(4800), fee: eur(144) },
    transmittedAt: overrides.transmittedAt ?? "2024-01-31T10:00:00.000Z",
    reminderAt: "2024-02-01T10:00:00.000Z",
    validationDueAt: "2024-02-02T10:00:00.000Z",
    autoCancelAt: "2024-02-05T10:00:00.000Z",
  };
}

function start(facts: OrderFacts, index = 0): Subscription {
  const started = startSubscription(acceptedLines(facts, ["sub-1", "sub-2"])[index]!, false);
  if ("kind" in started) throw new Error(started.detail);
  return started;
}

describe("what an accepted order starts", () => {
  it("one line per plan line, with the plan version's cycle, price, quantity, commitment and the order's VAT rate", () => {
    const lines = acceptedLines(order(), ["sub-1", "sub-2"]);
    expect(lines).toEqual([
      {
        subscriptionId: "sub-1",
        buyerId: "buyer-1",
        productId: "product-1",
        cycle: "monthly",
        purchaseDate: "2024-01-31",
        timeZone: "Europe/Paris",
        unitPrice: eur(1000),
        quantity: 2,
        vatRateBasisPoints: 2000,
        commitmentMonths: 12,
        trialDays: 0,
      },
      expect.objectContaining({
        subscriptionId: "sub-2",
        productId: "product-2",
        cycle: "yearly",
        commitmentMonths: 0,
      }),
    ]);
  });

  it("refuses ids that do not match the lines one for one", () => {
    expect(() => acceptedLines(order(), ["sub-1"])).toThrow(RangeError);
  });

  it("dates the purchase in Europe/Paris when the buyer named no zone: 23:30 UTC on 31 December is 1 January", () => {
    expect(purchaseDate(order({ transmittedAt: "2026-12-31T23:30:00.000Z" }))).toBe("2027-01-01");
  });

  it("dates the purchase in the buyer's own zone when the checkout carried one", () => {
    const late = { transmittedAt: "2026-12-31T23:30:00.000Z" };
    expect(purchaseDate(order({ ...late, timeZone: "America/New_York" }))).toBe("2026-12-31");
    expect(acceptedLines(order({ ...late, timeZone: "America/New_York" }), ["a", "b"])[0]!.timeZone).toBe(
      "America/New_York",
    );
  });
});

describe("a started subscription's next charge and first period", () => {
  it("bought on 31 January 2024 (monthly): period 0 paid by the order, next due 29 February at 00:00 Paris", () => {
    const subscription = start(order());
    expect(nextDue(subscription)).toEqual({
      period: 1,
      on: "2024-02-29",
      at: new Date("2024-02-28T23:00:00.000Z"),
      amount: eur(2400),
    });
    expect(firstPeriod(subscription)).toEqual({
      number: 0,
      startsOn: "2024-01-31",
      endsBefore: "2024-02-29",
      amount: eur(2400),
      state: "paid",
      dueAt: new Date("2024-01-30T23:00:00.000Z"),
      paidBy: "order",
    });
    expect(trialEndsOn(subscription)).toBeNull();
  });

  it("yearly: next due on the anniversary a year later", () => {
    expect(nextDue(start(order(), 1))).toMatchObject({ period: 1, on: "2025-01-31" });
  });

  it("with a 14-day trial: trialing, the trial's last day, period 0 scheduled and charged at its end", () => {
    const subscription = start(order({ trialDays: 14 }));
    expect(subscription).toMatchObject({ state: "trialing", anchor: "2024-02-14", paidPeriod: -1 });
    expect(trialEndsOn(subscription)).toBe("2024-02-13");
    expect(nextDue(subscription)).toMatchObject({
      period: 0,
      on: "2024-02-14",
      at: new Date("2024-02-13T23:00:00.000Z"),
    });
    expect(firstPeriod(subscription)).toMatchObject({ number: 0, state: "scheduled", paidBy: null });
  });

  it("has no next charge once ended", () => {
    expect(nextDue({ ...start(order()), state: "ended" })).toBeNull();
  });
});
