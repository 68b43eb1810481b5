import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { ControllableClock } from "@mkt/service-kit";
import { deleteBusNamespace, startServiceForTest, uniqueBusNamespace, type ServiceUnderTest } from "@mkt/service-kit/testing";
import { storefrontGatewayService, type Db } from "../src/bootstrap.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Storefront {
  gateway: ServiceUnderTest<Db, Record<string, unknown>>;
  clock: ControllableClock;
  url: string;
  stop(): Promise<void>;
}

export async function startStorefront(label: string, env: Record<string, string> = {}): Promise<Storefront> {
  const namespace = uniqueBusNamespace(label);
  const clock = new ControllableClock();
  const gateway = await startServiceForTest(storefrontGatewayService, { namespace, clock, migrationsDir: join(__dirname, "../prisma/migrations"), env });
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

export async function call(url: string, method: string, path: string, options: { body?: unknown; token?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${url}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
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
    const item = { id: "n-1", channel: "email", template: "buyer-welcome", locale: "fr", subject: `for ${recipient}`, status: "sent", to: "x@example.org", attempts: 1, createdAt: "2026-11-24T10:00:00.000Z", sentAt: "2026-11-24T10:00:01.000Z" };
    res.writeHead(url.pathname === "/notifications" ? 200 : 404, { "content-type": "application/json" });
    res.end(JSON.stringify(url.pathname === "/notifications" ? { items: [item], nextCursor: null } : { type: "/problems/not-found", title: "Not found", status: 404 }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, recipients, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
