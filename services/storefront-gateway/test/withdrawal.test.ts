import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { OrderDetails } from "@mkt/contracts";
import { DEVELOPMENT_TOKEN_SECRET, createAccessTokens } from "@mkt/gateway-kit";
import { call } from "@mkt/testing";
import { startStorefront, type Storefront } from "./support/storefront.js";

// POST /api/v1/purchases/{orderId}/withdraw: the gateway asks the order service to withdraw with
// the signed-in buyer's id (the order decides: period, state, scope) and answers the order as its
// buyer sees it. The order service here is a stand-in that records what it was asked.

const BUYER = "0193f0c2-0000-7000-8000-0000000000b1";
const WITHDRAWABLE = "0193f0c2-0000-7000-8000-0000000000a1";
const TOO_LATE = "0193f0c2-0000-7000-8000-0000000000a2";

const eur = (amount: number) => ({ amount, currency: "EUR" });
const withdrawnOrder: OrderDetails = {
  orderId: WITHDRAWABLE,
  checkoutId: "checkout-1",
  paymentId: "payment-1",
  state: "withdrawn",
  purchaseOrderNumber: "PO-20260315-00000000a1",
  invoiceNumber: null,
  buyer: {
    buyerId: BUYER,
    kind: "individual",
    name: "Marie Curie",
    email: "marie@example.org",
    locale: "en",
    registrationNumber: null,
    vatNumber: null,
    address: null,
    country: "FR",
  },
  vendor: {
    vendorId: "vendor-1",
    legalName: "Nuage Souverain SAS",
    publicContact: { email: "ventes@nuage.example", phone: "+33 1 84 00 00 00" },
    registrationNumber: null,
    vatNumber: null,
    registeredAddress: null,
  },
  lines: [],
  vatTreatment: { kind: "standard", rateBasisPoints: 2000, mention: null },
  totals: { subtotal: eur(9_800), vat: eur(1_960), total: eur(11_760), fee: eur(353) },
  transmittedAt: "2026-03-15T09:00:00.000Z",
  deadlines: {
    reminderAt: "2026-03-16T09:00:00.000Z",
    validationDueAt: "2026-03-17T09:00:00.000Z",
    autoCancelAt: "2026-03-20T09:00:00.000Z",
  },
  remindedAt: null,
  acceptedLate: false,
  refusalReason: null,
  cancellationReason: null,
  delivery: null,
  documents: [],
  timeline: [
    {
      from: "accepted",
      to: "withdrawn",
      at: "2026-03-20T10:00:00.000Z",
      actor: { kind: "buyer", id: BUYER },
      note: "withdrawn by the buyer: refunded in full",
    },
  ],
  updatedAt: "2026-03-20T10:00:00.000Z",
};

const asked: { method: string; url: string; body: unknown }[] = [];
const readBody = async (req: IncomingMessage) => {
  let text = "";
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : undefined;
};
/** The order service's stand-in; payment and subscription are unreachable (the page shows them as null). */
const order: Server = createServer(async (req, res) => {
  const body = await readBody(req);
  asked.push({ method: req.method ?? "", url: req.url ?? "", body });
  const answer = (status: number, payload: unknown, type = "application/json") => {
    res.writeHead(status, { "content-type": type });
    res.end(JSON.stringify(payload));
  };
  if (req.method === "POST" && req.url === `/orders/${WITHDRAWABLE}/withdrawal`) return answer(200, withdrawnOrder);
  if (req.method === "POST" && req.url === `/orders/${TOO_LATE}/withdrawal`) {
    return answer(
      409,
      {
        type: "/problems/withdrawal-period-ended",
        title: "Conflict",
        status: 409,
        detail: `Order ${TOO_LATE}: The withdrawal period (14 days for an individual) ended on 2026-03-29.`,
        orderState: "delivered",
        lastDay: "2026-03-29",
      },
      "application/problem+json",
    );
  }
  answer(404, { type: "/problems/not-found", title: "Not found", status: 404 }, "application/problem+json");
});

let storefront: Storefront;
let token: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => order.listen(0, "127.0.0.1", resolve));
  const orderUrl = `http://127.0.0.1:${(order.address() as AddressInfo).port}`;
  storefront = await startStorefront("storefront-withdrawal", {
    ORDER_URL: orderUrl,
    PAYMENT_URL: "http://127.0.0.1:9",
    SUBSCRIPTION_URL: "http://127.0.0.1:9",
  });
  token = (
    await createAccessTokens({
      secret: DEVELOPMENT_TOKEN_SECRET,
      audience: "storefront-gateway",
      clock: storefront.clock,
    }).issue({ sub: BUYER, role: "buyer" })
  ).token;
});
afterAll(async () => {
  await storefront?.stop();
  await new Promise<void>((resolve) => order.close(() => resolve()));
});
beforeEach(() => asked.splice(0));

const withdraw = (orderId: string, bearer: string | null = token) =>
  call(storefront.url, "POST", `/purchases/${orderId}/withdraw`, bearer ? { token: bearer } : {});

describe("POST /api/v1/purchases/{orderId}/withdraw", () => {
  it("withdraws as the signed-in buyer and answers the purchase, without the vendor's fee", async () => {
    const answer = await withdraw(WITHDRAWABLE);
    expect(answer).toMatchObject({
      status: 200,
      body: { orderId: WITHDRAWABLE, state: "withdrawn", totals: { total: eur(11_760) }, payment: null },
    });
    expect(answer.body.totals).not.toHaveProperty("fee");
    expect(asked).toContainEqual({
      method: "POST",
      url: `/orders/${WITHDRAWABLE}/withdrawal`,
      body: { buyerId: BUYER },
    });
  });

  it("passes the order's refusal on: 409 withdrawal-period-ended with the period's last day", async () => {
    const answer = await withdraw(TOO_LATE);
    expect(answer).toMatchObject({
      status: 409,
      body: { type: "/problems/withdrawal-period-ended", lastDay: "2026-03-29" },
    });
  });

  it("answers another buyer's (or an unknown) order 404, and asks for a token", async () => {
    expect((await withdraw("0193f0c2-0000-7000-8000-0000000000ff")).status).toBe(404);
    expect((await withdraw(WITHDRAWABLE, null)).status).toBe(401);
  });
});
