import { events, parseEvent } from "../../registry.js";
import type { SubscriptionFacts } from "./subscription-facts.js";
import { SubscriptionEndedV1, SubscriptionRenewedV1, SubscriptionStartedV1 } from "./subscription-events.v1.js";

const euros = (amount: number) => ({ amount, currency: "EUR" });
const subscription: SubscriptionFacts = {
  subscriptionId: "sub_1",
  orderId: "ord_1",
  lineId: "line_1",
  buyer: {
    buyerId: "b_1",
    kind: "company",
    name: "Acme SAS",
    email: "billing@acme.example",
    locale: "fr",
    registrationNumber: "123 456 789",
    vatNumber: "FR12345678901",
    address: null,
    country: "FR",
  },
  vendor: {
    vendorId: "v_1",
    legalName: "Nuage SAS",
    publicContact: { email: "sales@nuage.example", phone: "+33 1 23 45 67 89" },
    registrationNumber: null,
    vatNumber: null,
    registeredAddress: null,
  },
  productId: "p_1",
  productName: "Nuage CRM",
  planId: "plan_1",
  planName: "Team",
  billingCycle: "monthly",
  anchor: "2024-01-31",
  timeZone: "Europe/Paris",
  unitPrice: euros(1000),
  quantity: 2,
  vatTreatment: { kind: "standard", rateBasisPoints: 2000, mention: null },
  commitmentMonths: 0,
  state: "active",
};

function envelope(type: string, data: unknown) {
  return JSON.stringify({
    id: "0193b1a2-7c4e-7d2a-9f10-3c4d5e6f7a8b",
    type,
    version: 1,
    occurredAt: "2024-02-28T23:00:00.000Z",
    producer: "subscription",
    correlationId: "req-1",
    causationId: null,
    data,
  });
}

describe("the subscription events", () => {
  it("are registered in the subscription context, on the subscription stream", () => {
    for (const definition of [SubscriptionStartedV1, SubscriptionRenewedV1, SubscriptionEndedV1]) {
      expect(events.has(definition)).toBe(true);
      expect(definition.context).toBe("subscription");
    }
    expect(SubscriptionRenewedV1.subject).toBe("mkt.subscription.renewed.v1");
    expect(events.contexts()).toContain("subscription");
  });

  it("carry a renewal's money facts for the ledger", () => {
    const renewed = {
      subscription,
      period: { number: 1, startsOn: "2024-02-29", endsBefore: "2024-03-31" },
      totals: { subtotal: euros(2000), vat: euros(400), total: euros(2400), fee: euros(72) },
      paymentId: "pay_1",
      invoiceNumber: "NUAGE-2024-0001",
      nextDueOn: "2024-03-31",
      renewedAt: "2024-02-28T23:00:05.000Z",
    };
    const parsed = parseEvent(events, envelope("subscription.renewed", renewed));
    expect(parsed).toMatchObject({ ok: true, definition: SubscriptionRenewedV1 });
  });

  it("refuse a period that is not a calendar date and an end reason they do not know", () => {
    const renewed = parseEvent(
      events,
      envelope("subscription.renewed", {
        subscription,
        period: { number: 1, startsOn: "2024-02-30", endsBefore: "2024-03-31" },
        totals: { subtotal: euros(2000), vat: euros(400), total: euros(2400), fee: euros(72) },
        paymentId: "pay_1",
        invoiceNumber: "NUAGE-2024-0001",
        nextDueOn: "2024-03-31",
        renewedAt: "2024-02-28T23:00:05.000Z",
      }),
    );
    expect(renewed).toMatchObject({ ok: false, reason: "invalid-data" });
    if (!renewed.ok) expect(renewed.issues.map((issue) => issue.path)).toContain("data.period.startsOn");
    const ended = parseEvent(
      events,
      envelope("subscription.ended", {
        subscription: { ...subscription, state: "ended" },
        reason: "forgotten",
        lastDayOfService: "2024-02-28",
        endedAt: "2024-02-28T23:00:00.000Z",
      }),
    );
    expect(ended).toMatchObject({ ok: false, reason: "invalid-data" });
  });
});
