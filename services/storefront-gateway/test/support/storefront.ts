import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ControllableClock } from "@mkt/service-kit";
import { OPERATOR, startServices, type UnderTestOf } from "@mkt/testing";
import { vendorKycService } from "@mkt/vendor-kyc/bootstrap";
import { catalogService } from "@mkt/catalog/bootstrap";
import { vendorApiService } from "@mkt/vendor-api/bootstrap";
import { backofficeApiService } from "@mkt/backoffice-api/bootstrap";
import { cartService } from "@mkt/cart/bootstrap";
import { paymentService } from "@mkt/payment/bootstrap";
import { orderService } from "@mkt/order/bootstrap";
import { subscriptionService } from "@mkt/subscription/bootstrap";
import { storefrontGatewayService } from "../../src/bootstrap.js";

export interface Storefront {
  gateway: UnderTestOf<typeof storefrontGatewayService>;
  clock: ControllableClock;
  url: string;
  stop(): Promise<void>;
}

/** The storefront gateway alone (the services it calls are whatever `env` points at). */
export async function startStorefront(label: string, env: Record<string, string> = {}): Promise<Storefront> {
  const started = await startServices(label, [
    { name: "storefront-gateway", definition: storefrontGatewayService, env },
  ]);
  const gateway = started.services["storefront-gateway"];
  return { gateway, clock: started.clock, url: `${gateway.service.url}/api/v1`, stop: started.stop };
}

let counter = 0;
export const company = (overrides: Record<string, unknown> = {}) => ({
  kind: "company",
  email: `achats-${Date.now()}-${++counter}@acme.example`,
  password: "a long enough passphrase",
  locale: "fr",
  legalName: "Acme SAS",
  registrationNumber: "552100554",
  vatNumber: "FR40552100554",
  ...overrides,
});
export const individual = (overrides: Record<string, unknown> = {}) => ({
  kind: "individual",
  email: `marie-${Date.now()}-${++counter}@example.org`,
  password: "another long passphrase",
  locale: "en",
  name: "Marie Curie",
  ...overrides,
});

/**
 * A stand-in for the notification service's internal API: answers `GET /notifications` with one
 * item naming the recipient asked for, and remembers every recipient it was asked about.
 */
export async function startFakeNotification(): Promise<{ url: string; recipients: string[]; stop(): Promise<void> }> {
  const recipients: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const recipient = url.searchParams.get("recipient") ?? "";
    recipients.push(recipient);
    const item = {
      id: "n-1",
      channel: "email",
      template: "buyer-welcome",
      locale: "fr",
      subject: `for ${recipient}`,
      status: "sent",
      to: "x@example.org",
      attempts: 1,
      createdAt: "2026-11-24T10:00:00.000Z",
      sentAt: "2026-11-24T10:00:01.000Z",
    };
    res.writeHead(url.pathname === "/notifications" ? 200 : 404, { "content-type": "application/json" });
    res.end(
      JSON.stringify(
        url.pathname === "/notifications"
          ? { items: [item], nextCursor: null }
          : { type: "/problems/not-found", title: "Not found", status: 404 },
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    recipients,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The whole path of a listing, in one process and bus namespace: the three gateways and the services behind them. */
export interface Marketplace {
  vendorKyc: UnderTestOf<typeof vendorKycService>;
  catalog: UnderTestOf<typeof catalogService>;
  /**
   * Started with `{ orders: true }`: the cart, payment (simulated processor), order and subscription
   * services, on the marketplace's clock; with `{ cart: true }` the cart alone.
   */
  cart?: UnderTestOf<typeof cartService>;
  payment?: UnderTestOf<typeof paymentService>;
  order?: UnderTestOf<typeof orderService>;
  subscription?: UnderTestOf<typeof subscriptionService>;
  clock: ControllableClock;
  /** Base URLs of the public APIs. */
  urls: { storefront: string; vendor: string; ops: string };
  stop(): Promise<void>;
}

export async function startMarketplace(
  label: string,
  options: { orders?: boolean; cart?: boolean; env?: Record<string, string> } = {},
): Promise<Marketplace> {
  const documentsDir = mkdtempSync(join(tmpdir(), "storefront-kyc-"));
  const removeDocuments = () => rmSync(documentsDir, { recursive: true, force: true });
  const cart = { name: "cart", definition: cartService } as const;
  const orderServices = [
    cart,
    { name: "payment", definition: paymentService, env: { PAYMENT_WORK_POLL_MS: "50", STRIPE_WEBHOOK_PORT: "0" } },
    { name: "order", definition: orderService, env: { TIMER_POLL_MS: "50" } },
    { name: "subscription", definition: subscriptionService },
  ] as const;
  try {
    const started = await startServices(label, [
      {
        name: "vendor-kyc",
        definition: vendorKycService,
        env: { KYC_STORAGE: "local", KYC_DOCUMENTS_DIR: documentsDir },
      },
      { name: "catalog", definition: catalogService },
      ...(options.orders ? orderServices : options.cart ? [cart] : []),
      { name: "vendor-api", definition: vendorApiService },
      {
        name: "backoffice-api",
        definition: backofficeApiService,
        env: { OPERATOR_EMAIL: OPERATOR.email, OPERATOR_PASSWORD: OPERATOR.password },
      },
      { name: "storefront-gateway", definition: storefrontGatewayService, env: options.env },
    ]);
    const { services } = started;
    return {
      vendorKyc: services["vendor-kyc"],
      catalog: services.catalog,
      ...(options.orders
        ? {
            cart: services.cart,
            payment: services.payment,
            order: services.order,
            subscription: services.subscription,
          }
        : {}),
      ...(options.cart ? { cart: services.cart } : {}),
      clock: started.clock,
      urls: {
        storefront: `${services["storefront-gateway"].service.url}/api/v1`,
        vendor: `${services["vendor-api"].service.url}/vendor/v1`,
        ops: `${services["backoffice-api"].service.url}/ops/v1`,
      },
      async stop() {
        await started.stop();
        removeDocuments();
      },
    };
  } catch (error) {
    removeDocuments();
    throw error;
  }
}
