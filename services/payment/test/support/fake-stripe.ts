import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// A local server standing for api.stripe.com: records every request (method, path, form params,
// headers) and answers like Stripe test mode for a few test payment methods. No network.

export interface RecordedRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
}

type Intent = Record<string, unknown> & { id: string; status: string; amount: number };

const card = (brand: string, last4: string) => ({ brand, last4, exp_month: 12, exp_year: 2030 });
const CARDS: Record<string, ReturnType<typeof card>> = {
  pm_card_visa: card("visa", "4242"),
  pm_card_chargeDeclined: card("visa", "0002"),
  pm_card_authenticationRequired: card("visa", "3155"),
  pm_card_chargeCustomerFail: card("visa", "0341"),
};

/** A 402 card error as Stripe answers it, with the PaymentIntent it left in requires_payment_method. */
const cardError = (id: string, code: string, declineCode: string | undefined, message: string) => ({
  error: {
    type: "card_error",
    code,
    ...(declineCode ? { decline_code: declineCode } : {}),
    message,
    payment_intent: { id, object: "payment_intent", status: "requires_payment_method" },
  },
});

export class FakeStripe {
  readonly requests: RecordedRequest[] = [];
  readonly intents = new Map<string, Intent>();
  private server: Server | undefined;
  private sequence = 0;
  /** While true, every request answers 500 (an outage: the SDK retries, then gives up). */
  down = false;
  /** The first answer to each Idempotency-Key of a PaymentIntent creation, answered again (as Stripe does). */
  private readonly answered = new Map<string, [number, unknown]>();

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        const url = new URL(req.url ?? "/", "http://x");
        const params = Object.fromEntries(new URLSearchParams(req.method === "GET" ? url.search : body));
        this.requests.push({ method: req.method ?? "", path: url.pathname, params, headers: req.headers });
        const key = req.headers["idempotency-key"];
        const replay =
          typeof key === "string" && url.pathname === "/v1/payment_intents" ? this.answered.get(key) : undefined;
        const [status, answer] = this.down
          ? [500, { error: { type: "api_error", message: "An unknown error occurred" } }]
          : (replay ?? this.answer(req.method ?? "", url.pathname, params));
        if (!this.down && typeof key === "string" && url.pathname === "/v1/payment_intents")
          this.answered.set(key, [status, answer]);
        res
          .writeHead(status, { "content-type": "application/json", "request-id": `req_${++this.sequence}` })
          .end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** What the buyer's bank does at the end of 3-D Secure. */
  finishAuthentication(intentId: string, approved: boolean): Intent {
    const intent = this.intents.get(intentId)!;
    Object.assign(
      intent,
      approved
        ? { status: "requires_capture", next_action: null }
        : {
            status: "requires_payment_method",
            next_action: null,
            last_payment_error: { code: "payment_intent_authentication_failure", type: "invalid_request_error" },
          },
    );
    return intent;
  }

  /** A saved card charged with nobody there, automatic capture. */
  private offSession(base: Intent, pm: string): [number, unknown] {
    const id = base.id;
    if (pm === "pm_card_authenticationRequired") {
      this.intents.set(id, { ...base, status: "requires_payment_method" });
      return [
        402,
        cardError(
          id,
          "authentication_required",
          "authentication_required",
          "Your card was declined. This transaction requires authentication.",
        ),
      ];
    }
    if (pm === "pm_card_chargeDeclined" || pm === "pm_card_chargeCustomerFail") {
      this.intents.set(id, { ...base, status: "requires_payment_method" });
      return [402, cardError(id, "card_declined", "generic_decline", "Your card was declined.")];
    }
    const intent = { ...base, capture_method: "automatic", status: "succeeded", amount_received: base.amount };
    this.intents.set(id, intent);
    return [200, intent];
  }

  private answer(method: string, path: string, p: Record<string, string>): [number, unknown] {
    if (method === "POST" && path === "/v1/payment_intents") {
      const id = `pi_fake_${++this.sequence}`;
      const pm = p.payment_method ?? "";
      const base: Intent = {
        id,
        object: "payment_intent",
        amount: Number(p.amount),
        currency: p.currency,
        capture_method: "manual",
        status: "requires_capture",
        next_action: null,
        last_payment_error: null,
        payment_method: { id: pm, object: "payment_method", type: "card", card: CARDS[pm] ?? card("visa", "0000") },
        amount_received: 0,
      };
      if (p.off_session === "true") return this.offSession(base, pm);
      if (pm === "pm_card_chargeDeclined") {
        this.intents.set(id, { ...base, status: "requires_payment_method" });
        return [
          402,
          {
            error: {
              type: "card_error",
              code: "card_declined",
              decline_code: "generic_decline",
              message: "Your card was declined.",
              payment_intent: { id, object: "payment_intent", status: "requires_payment_method" },
            },
          },
        ];
      }
      if (pm === "pm_card_authenticationRequired") {
        const intent = {
          ...base,
          status: "requires_action",
          next_action: {
            type: "redirect_to_url",
            redirect_to_url: {
              url: `https://hooks.stripe.com/3d_secure_2/authenticate/${id}`,
              return_url: p.return_url,
            },
          },
        };
        this.intents.set(id, intent);
        return [200, intent];
      }
      this.intents.set(id, base);
      return [200, base];
    }
    const intentPath = /^\/v1\/payment_intents\/([^/]+)(?:\/(capture|cancel))?$/.exec(path);
    if (intentPath) {
      const intent = this.intents.get(intentPath[1]!);
      if (!intent)
        return [
          404,
          { error: { type: "invalid_request_error", code: "resource_missing", message: "No such payment_intent" } },
        ];
      if (intentPath[2] === "capture")
        Object.assign(intent, { status: "succeeded", amount_received: Number(p.amount_to_capture ?? intent.amount) });
      if (intentPath[2] === "cancel") Object.assign(intent, { status: "canceled" });
      return [200, intent];
    }
    if (method === "POST" && path === "/v1/refunds")
      return [
        200,
        {
          id: `re_fake_${++this.sequence}`,
          object: "refund",
          amount: Number(p.amount),
          payment_intent: p.payment_intent,
          status: "succeeded",
        },
      ];
    if (method === "POST" && path === "/v1/customers")
      return [200, { id: `cus_fake_${++this.sequence}`, object: "customer" }];
    const attach = /^\/v1\/payment_methods\/([^/]+)\/attach$/.exec(path);
    // Stripe verifies a card it attaches: a declining one is refused (the customer-fail card is not).
    if (attach?.[1] === "pm_card_chargeDeclined")
      return [
        402,
        { error: { type: "card_error", code: "card_declined", decline_code: "generic_decline", message: "Declined" } },
      ];
    if (attach)
      return [
        200,
        {
          id: attach[1],
          object: "payment_method",
          type: "card",
          customer: p.customer,
          card: CARDS[attach[1]!] ?? card("visa", "0000"),
        },
      ];
    return [
      404,
      { error: { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${path})` } },
    ];
  }
}
