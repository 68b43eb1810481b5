import { CartCheckoutSubmittedV1 } from "@mkt/contracts";
import { deleteBusNamespace, eventually, uniqueBusNamespace } from "@mkt/testing";
import {
  checkoutSubmitted,
  emitted,
  http,
  publish,
  startPayment,
  type Json,
  type PaymentUnderTest,
} from "./support/payment.js";

const namespace = uniqueBusNamespace("payment-expiry");
let payment: PaymentUnderTest;
let base: string;

beforeAll(async () => {
  payment = await startPayment(namespace, { TEST_CONTROLS: "enabled", PAYMENT_AUTHENTICATION_TIMEOUT_MINUTES: "30" });
  base = payment.service.url;
});
afterAll(async () => {
  await payment?.stop();
  await deleteBusNamespace(namespace);
});

const status = (checkoutId: string, wanted: string): Promise<Json> =>
  eventually(async () => {
    const answer = await http(base, "GET", `/checkouts/${checkoutId}/payments`);
    expect(answer.body.status).toBe(wanted);
    return answer.body;
  });

describe("a buyer who never finishes 3-D Secure", () => {
  it("has its checkout declined after the timeout, the authorizations obtained released", async () => {
    // Two orders: the first is authenticated and authorized, the buyer abandons the second.
    const checkout = checkoutSubmitted("pm_card_authenticationRequired", [4_000, 1_000]);
    await publish(payment, CartCheckoutSubmittedV1, checkout);
    const first = await status(checkout.checkoutId, "action-required");
    await http(base, "POST", `/simulated/authentications/${first.payments[0].processorPaymentId}`, {
      outcome: "approve",
    });
    const second = await eventually(async () => {
      const answer = await http(base, "GET", `/checkouts/${checkout.checkoutId}/payments`);
      expect(answer.body).toMatchObject({
        status: "action-required",
        payments: [{ status: "authorized" }, { status: "action-required" }],
      });
      return answer.body;
    });

    await http(base, "POST", "/__control/clock", { advanceByMs: 29 * 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await http(base, "GET", `/checkouts/${checkout.checkoutId}/payments`)).body.status).toBe("action-required");

    await http(base, "POST", "/__control/clock", { advanceByMs: 2 * 60_000 });
    const declined = await status(checkout.checkoutId, "declined");
    expect(declined).toMatchObject({
      declineReason: "authentication-failed",
      payments: [{ status: "released", releasedAmount: { amount: 4_000 } }, { status: "failed" }],
    });
    expect(
      (await emitted(payment, "payment.checkout-declined")).filter((e) => e.data.checkoutId === checkout.checkoutId),
    ).toHaveLength(1);

    // Too late: the page says so, and answering it is a conflict.
    const id = second.payments[1].processorPaymentId as string;
    expect((await http(base, "GET", `/simulated/authentications/${id}`)).body.status).toBe("expired");
    const late = await http(base, "POST", `/simulated/authentications/${id}`, { outcome: "approve" });
    expect(late.status).toBe(409);
    expect(late.body.type).toBe("/problems/authentication-expired");
    expect((await http(base, "GET", `/simulated/authentications/${id}/page`)).text).toContain("Authentication expired");
  });

  it("an authentication finished in time is not expired later", async () => {
    const checkout = checkoutSubmitted("pm_card_authenticationRequired", [2_000]);
    await publish(payment, CartCheckoutSubmittedV1, checkout);
    const waiting = await status(checkout.checkoutId, "action-required");
    await http(base, "POST", `/simulated/authentications/${waiting.payments[0].processorPaymentId}`, {
      outcome: "approve",
    });
    await status(checkout.checkoutId, "authorized");
    await http(base, "POST", "/__control/clock", { advanceByMs: 60 * 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await http(base, "GET", `/checkouts/${checkout.checkoutId}/payments`)).body.status).toBe("authorized");
  });
});
