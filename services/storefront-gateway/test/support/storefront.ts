import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ControllableClock } from "@mkt/service-kit";
import {
  deleteBusNamespace,
  startServiceForTest,
  uniqueBusNamespace,
  type ServiceUnderTest,
  type TestDatabase,
} from "@mkt/testing";
import { vendorKycService } from "@mkt/vendor-kyc/bootstrap";
import { catalogService } from "@mkt/catalog/bootstrap";
import { vendorApiService } from "@mkt/vendor-api/bootstrap";
import { backofficeApiService } from "@mkt/backoffice-api/bootstrap";
import { cartService } from "@mkt/cart/bootstrap";
import { paymentService } from "@mkt/payment/bootstrap";
import { orderService } from "@mkt/order/bootstrap";
import { storefrontGatewayService, type Db } from "../src/bootstrap.js";

import type { Json } from "@mkt/testing";

export type { Json };

export interface Storefront {
  gateway: ServiceUnderTest<Db, Record<string, unknown>>;
  clock: ControllableClock;
  url: string;
  stop(): Promise<void>;
}

export async function startStorefront(label: string, env: Record<string, string> = {}): Promise<Storefront> {
  const namespace = uniqueBusNamespace(label);
  const clock = new ControllableClock();
  const gateway = await startServiceForTest(storefrontGatewayService, {
    namespace,
    clock,
    migrationsDir: join(__dirname, "../prisma/migrations"),
    env,
  });
  return {
    gateway,
    clock,
    url: `${gateway.service.url}/api/v1`,
    async stop() {
      await gateway.stop();
      await deleteBusNamespace(namespace);
    },
  };
}

export async function call(
  url: string,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as Json };
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

type Started = { service: { url: string }; database: TestDatabase; stop(): Promise<void> };

export const OPERATOR = { email: "ops@marketplace.example", password: "operator passphrase long" };

/** The whole path of a listing, in one process and bus namespace: the three gateways and the services behind them. */
export interface Marketplace {
  vendorKyc: Started;
  catalog: Started;
  /** Started with `{ orders: true }`: the cart, payment (simulated processor) and order services, on the marketplace's clock. */
  cart?: Started;
  payment?: Started;
  order?: Started;
  clock: ControllableClock;
  storefront: Storefront;
  /** Base URLs of the public APIs. */
  urls: { storefront: string; vendor: string; ops: string };
  stop(): Promise<void>;
}

export async function startMarketplace(
  label: string,
  options: { orders?: boolean; env?: Record<string, string> } = {},
): Promise<Marketplace> {
  const namespace = uniqueBusNamespace(label);
  const clock = new ControllableClock();
  const documentsDir = mkdtempSync(join(tmpdir(), "storefront-kyc-"));
  const started: { stop(): Promise<void> }[] = [];
  const stop = async () => {
    for (const service of started.reverse()) await service.stop();
    rmSync(documentsDir, { recursive: true, force: true });
    await deleteBusNamespace(namespace);
  };
  const start = async <T extends { stop(): Promise<void> }>(starting: Promise<T>): Promise<T> => {
    try {
      const service = await starting;
      started.push(service);
      return service;
    } catch (error) {
      await stop();
      throw error;
    }
  };
  const services = join(__dirname, "../..");
  const vendorKyc = await start(
    startServiceForTest(vendorKycService, {
      namespace,
      migrationsDir: join(services, "vendor-kyc/prisma/migrations"),
      env: { KYC_STORAGE: "local", KYC_DOCUMENTS_DIR: documentsDir },
    }),
  );
  const catalog = await start(
    startServiceForTest(catalogService, { namespace, migrationsDir: join(services, "catalog/prisma/migrations") }),
  );
  const orders = options.orders
    ? {
        cart: await start(
          startServiceForTest(cartService, {
            namespace,
            clock,
            migrationsDir: join(services, "cart/prisma/migrations"),
          }),
        ),
        payment: await start(
          startServiceForTest(paymentService, {
            namespace,
            clock,
            migrationsDir: join(services, "payment/prisma/migrations"),
            env: { PAYMENT_WORK_POLL_MS: "50", STRIPE_WEBHOOK_PORT: "0" },
          }),
        ),
        order: await start(
          startServiceForTest(orderService, {
            namespace,
            clock,
            migrationsDir: join(services, "order/prisma/migrations"),
            env: { TIMER_POLL_MS: "50" },
          }),
        ),
      }
    : undefined;
  const upstream = {
    VENDOR_KYC_URL: vendorKyc.service.url,
    CATALOG_URL: catalog.service.url,
    ...(orders
      ? {
          CART_URL: orders.cart.service.url,
          PAYMENT_URL: orders.payment.service.url,
          ORDER_URL: orders.order.service.url,
        }
      : {}),
  };
  const vendorApi = await start(
    startServiceForTest(vendorApiService, {
      namespace,
      clock,
      migrationsDir: join(services, "vendor-api/prisma/migrations"),
      env: upstream,
    }),
  );
  const backoffice = await start(
    startServiceForTest(backofficeApiService, {
      namespace,
      clock,
      migrationsDir: join(services, "backoffice-api/prisma/migrations"),
      env: { ...upstream, OPERATOR_EMAIL: OPERATOR.email, OPERATOR_PASSWORD: OPERATOR.password },
    }),
  );
  const gateway = await start(
    startServiceForTest(storefrontGatewayService, {
      namespace,
      clock,
      migrationsDir: join(__dirname, "../prisma/migrations"),
      env: { ...upstream, ...options.env },
    }),
  );
  return {
    vendorKyc,
    catalog,
    ...orders,
    clock,
    storefront: { gateway, clock, url: `${gateway.service.url}/api/v1`, stop: () => gateway.stop() },
    urls: {
      storefront: `${gateway.service.url}/api/v1`,
      vendor: `${vendorApi.service.url}/vendor/v1`,
      ops: `${backoffice.service.url}/ops/v1`,
    },
    stop,
  };
}

/** A multipart upload, as a browser or `curl -F` sends it. */
export async function upload(
  url: string,
  path: string,
  options: {
    token?: string;
    fields?: Record<string, string>;
    file: { bytes: Uint8Array; filename: string; contentType: string };
  },
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(options.fields ?? {})) form.append(name, value);
  form.append("file", new Blob([options.file.bytes], { type: options.file.contentType }), options.file.filename);
  const response = await fetch(`${url}${path}`, {
    method: "POST",
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    body: form,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as Json };
}
