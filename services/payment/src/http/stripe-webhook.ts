import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { STRIPE_WEBHOOK_PATH } from "@mkt/contracts";
import type { BackgroundWorker } from "@mkt/service-kit";
import type Stripe from "stripe";
import type { PaymentDeps } from "../app/deps.js";
import { authenticationFinished } from "../app/record.js";
import type { StripeProcessor } from "../processor/stripe.js";

const MAX_BYTES = 512 * 1024;

/** The Stripe events that finish a 3-D Secure authentication: the worker then asks Stripe where the intent stands. */
export const AUTHENTICATION_EVENTS = new Set(["payment_intent.amount_capturable_updated", "payment_intent.payment_failed"]);

function problem(res: ServerResponse, status: number, slug: string, detail: string): void {
  res.writeHead(status, { "content-type": "application/problem+json" }).end(JSON.stringify({ type: `/problems/${slug}`, title: detail, status, detail }));
}

function readRaw(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BYTES) {
        resolve(undefined);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * Stripe's webhook, on its own listener (STRIPE_WEBHOOK_PORT): the signature is computed over the
 * exact bytes Stripe sent, and the service's HTTP app parses every JSON body before routes see
 * it, so the raw body is read here, checked with `stripe.webhooks.constructEvent`, and only then
 * parsed. A forged, tampered or older-than-5-minutes event is refused with 400.
 */
export class StripeWebhookListener implements BackgroundWorker {
  readonly name = "stripe-webhook";
  private server: Server | undefined;

  constructor(
    private readonly deps: PaymentDeps,
    private readonly stripe: StripeProcessor,
    private readonly secret: string,
    private readonly port: number,
  ) {}

  get url(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error("the Stripe webhook listener is not started");
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        this.deps.log.error({ err }, "stripe webhook failed");
        if (!res.headersSent) problem(res, 500, "internal", "The event could not be handled; Stripe retries it.");
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(this.port, () => resolve());
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.url?.split("?")[0] !== STRIPE_WEBHOOK_PATH) return problem(res, 404, "not-found", "Only POST /stripe/webhooks is served here.");
    if (req.method !== "POST") return problem(res, 405, "method-not-allowed", "Stripe posts its events.");
    const signature = req.headers["stripe-signature"];
    if (typeof signature !== "string") return problem(res, 400, "invalid-signature", "The Stripe-Signature header is missing.");
    const raw = await readRaw(req);
    if (!raw) return problem(res, 413, "payload-too-large", "The event is too large.");
    let event: Stripe.Event;
    try {
      event = this.stripe.constructEvent(raw, signature, this.secret, this.deps.clock.now().getTime());
    } catch (error) {
      this.deps.log.warn({ reason: (error as Error).message }, "stripe webhook refused: bad signature");
      return problem(res, 400, "invalid-signature", "The signature does not match the payload, or it is too old.");
    }
    if (AUTHENTICATION_EVENTS.has(event.type)) {
      const intent = event.data.object as Stripe.PaymentIntent;
      await authenticationFinished(this.deps, intent.id);
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ received: true }));
  }
}
