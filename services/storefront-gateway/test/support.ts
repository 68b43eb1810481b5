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

export async function startStorefront(label: string): Promise<Storefront> {
  const namespace = uniqueBusNamespace(label);
  const clock = new ControllableClock();
  const gateway = await startServiceForTest(storefrontGatewayService, { namespace, clock, migrationsDir: join(__dirname, "../prisma/migrations") });
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
