import { events, parseEvent } from "../../registry.js";
import { PaymentRefundedV1 } from "./payment-settled.v1.js";

const refunded = {
  orderId: "ord_1",
  paymentId: "pay_1",
  refundId: "ref_1",
  vendorId: "v_1",
  buyerId: "b_1",
  amount: { amount: 2400, currency: "EUR" },
  reason: "withdrawn",
  refundedAt: "2026-11-25T09:00:00.000Z",
};
const envelope = (payload: unknown) =>
  JSON.stringify({
    id: "0193b1a2-7c4e-7d2a-9f10-3c4d5e6f7a8b",
    type: "payment.refunded",
    version: 1,
    occurredAt: "2026-11-25T09:00:00.000Z",
    producer: "payment",
    correlationId: "req-1",
    causationId: null,
    data: payload,
  });

describe("payment.refunded", () => {
  it("still reads an order's refund, without a subscription (rule 1: same version)", () => {
    const parsed = parseEvent(events, envelope(refunded));
    expect(parsed).toMatchObject({ ok: true, definition: PaymentRefundedV1 });
    if (parsed.ok) expect(parsed.envelope.data).not.toHaveProperty("subscriptionId");
  });

  it("names the subscription when the charge refunded is a renewal charge", () => {
    const parsed = parseEvent(events, envelope({ ...refunded, subscriptionId: "sub_1" }));
    expect(parsed.ok && parsed.envelope.data).toMatchObject({ paymentId: "pay_1", subscriptionId: "sub_1" });
  });

  it("refuses an empty subscription id, naming the field", () => {
    const parsed = parseEvent(events, envelope({ ...refunded, subscriptionId: "" }));
    expect(parsed).toMatchObject({ ok: false, reason: "invalid-data" });
    if (!parsed.ok) expect(parsed.issues.map((issue) => issue.path)).toContain("data.subscriptionId");
  });
});
