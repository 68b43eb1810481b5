// The buyer's renewal card from its account page, through the gateway against the real payment
// service (its simulated processor) in one process: the buyer id always comes from the token.
import { randomUUID } from "node:crypto";
import { call, startServices, type Json, type UnderTestOf } from "@mkt/testing";
import { paymentService } from "@mkt/payment/bootstrap";
import { storefrontGatewayService } from "../src/bootstrap.js";
import { company, individual } from "./support/storefront.js";

let stop: () => Promise<void>;
let url: string;
let payment: UnderTestOf<typeof paymentService>;

beforeAll(async () => {
  const started = await startServices("storefront-payment-method", [
    { name: "payment", definition: paymentService, env: { PAYMENT_WORK_POLL_MS: "50", STRIPE_WEBHOOK_PORT: "0" } },
    { name: "storefront-gateway", definition: storefrontGatewayService },
  ]);
  stop = started.stop;
  payment = started.services.payment;
  url = `${started.services["storefront-gateway"].service.url}/api/v1`;
}, 60_000);
afterAll(() => stop?.());

const shop = (method: string, path: string, options?: Parameters<typeof call>[3]) => call(url, method, path, options);

async function signUp(body: Record<string, unknown>): Promise<{ token: string; buyerId: string }> {
  const answer = await shop("POST", "/auth/signup", { body });
  expect(answer.status).toBe(201);
  return { token: answer.body.tokens.accessToken, buyerId: answer.body.buyer.id };
}

async function testCard(token: string, number: string): Promise<string> {
  const card = await shop("POST", "/payment-methods/test-cards", {
    token,
    body: { number, expMonth: 11, expYear: 2033, cvc: "123" },
  });
  expect(card.status).toBe(201);
  return card.body.id as string;
}

const put = (token: string, paymentMethod: string, key: string = randomUUID()) =>
  shop("PUT", "/account/payment-method", { token, body: { paymentMethod }, headers: { "idempotency-key": key } });

describe("My account > Payment method", () => {
  it("none yet: 404; a test card put: answered, and GET shows it", async () => {
    const { token } = await signUp(company({ legalName: "Carte SAS" }));
    expect((await shop("GET", "/account/payment-method", { token })).status).toBe(404);
    const pm = await testCard(token, "5555 5555 5555 4444");
    const answer = await put(token, pm);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      brand: "mastercard",
      last4: "4444",
      expMonth: 11,
      expYear: 2033,
      savedAt: expect.any(String),
    });
    expect((await shop("GET", "/account/payment-method", { token })).body).toEqual(answer.body);
  });

  it("replaces the card on the buyer's own account only, on the processor customer of its first card", async () => {
    const alice = await signUp(individual({ name: "Alice Martin" }));
    const bob = await signUp(individual({ name: "Bob Martin" }));
    await put(alice.token, "pm_card_visa");
    const replaced = await put(alice.token, await testCard(alice.token, "4000000000000341"));
    expect(replaced.body).toMatchObject({ last4: "0341" });
    expect((await shop("GET", "/account/payment-method", { token: alice.token })).body).toMatchObject({
      last4: "0341",
    });
    expect((await shop("GET", "/account/payment-method", { token: bob.token })).status).toBe(404);
    const rows = await payment.database.query<Json>(
      "SELECT buyer_id, customer_id FROM saved_payment_method WHERE buyer_id IN ($1, $2)",
      [alice.buyerId, bob.buyerId],
    );
    expect(rows.map((r) => r.buyer_id)).toEqual([alice.buyerId, alice.buyerId]);
    expect(new Set(rows.map((r) => r.customer_id)).size).toBe(1);
  });

  it("a declined card: 422 card-declined with its reason, the card unchanged; the same key answers the same card", async () => {
    const { token } = await signUp(company({ legalName: "Refus SAS" }));
    const key = randomUUID();
    const first = await put(token, "pm_card_visa", key);
    expect((await put(token, "pm_card_visa", key)).body).toEqual(first.body);
    expect((await put(token, "pm_card_mastercard", key)).status).toBe(409);
    const declined = await put(token, await testCard(token, "4000000000000002"));
    expect(declined.status).toBe(422);
    expect(declined.body).toMatchObject({ type: expect.stringContaining("card-declined"), reason: "card-declined" });
    expect((await shop("GET", "/account/payment-method", { token })).body).toMatchObject({ last4: "4242" });
  });

  it("needs a buyer token and a card token", async () => {
    expect((await shop("GET", "/account/payment-method")).status).toBe(401);
    expect((await shop("PUT", "/account/payment-method", { body: { paymentMethod: "pm_card_visa" } })).status).toBe(
      401,
    );
    const { token } = await signUp(company({ legalName: "Vide SAS" }));
    const empty = await shop("PUT", "/account/payment-method", { token, body: { paymentMethod: " " } });
    expect(empty.status).toBe(400);
  });
});
