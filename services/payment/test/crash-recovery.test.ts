import { deleteBusNamespace, eventually, uniqueBusNamespace } from "@mkt/testing";
import { recordCheckout } from "../src/app/record.js";
import { checkoutIntents, checkoutSubmitted, http, startPayment, type PaymentUnderTest } from "./support/payment.js";

const namespace = uniqueBusNamespace("payment-crash");
let payment: PaymentUnderTest;
let base: string;

beforeAll(async () => {
  payment = await startPayment(namespace, { TEST_CONTROLS: "enabled" });
  base = payment.service.url;
});
afterAll(async () => {
  await payment?.stop();
  await deleteBusNamespace(namespace);
});

describe("a worker that died holding a lease", () => {
  it("leaves the checkout alone while the lease runs, then a pass takes it up again and gets the first answers back", async () => {
    const checkout = checkoutSubmitted("pm_card_visa", [2_500, 1_500]);
    const { deps } = payment.service.composed;
    // As a worker that crashed mid-pass leaves it: recorded, leased for a minute, the first order already
    // authorized at the processor (its answer never committed).
    const first = await deps.processor.authorize({
      amount: 2_500,
      currency: "EUR",
      paymentMethod: "pm_card_visa",
      customer: null,
      saveForFutureUse: false,
      idempotencyKey: `checkout:${checkout.checkoutId}:order:${checkout.orders[0]!.orderId}:authorize`,
      metadata: { checkoutId: checkout.checkoutId },
    });
    await deps.db.transaction(async (tx) => {
      await recordCheckout(tx, deps, checkout);
      await tx.checkout.update({
        where: { id: checkout.checkoutId },
        data: { leaseUntil: new Date(deps.clock.now().getTime() + 60_000) },
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 300)); // several worker passes
    expect((await http(base, "GET", `/checkouts/${checkout.checkoutId}/payments`)).body.status).toBe("authorizing");

    await http(base, "POST", "/__control/clock", { advanceByMs: 61_000 });
    const answer = await eventually(async () => {
      const found = await http(base, "GET", `/checkouts/${checkout.checkoutId}/payments`);
      expect(found.body.status).toBe("authorized");
      return found.body;
    });
    expect(answer.payments[0].processorPaymentId).toBe(first.processorPaymentId);
    expect(await checkoutIntents(payment, checkout.checkoutId)).toHaveLength(2);
  });
});
