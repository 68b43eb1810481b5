import { join } from "node:path";
import { ControllableClock, startService, type RunningService } from "@mkt/service-kit";
import { deleteBusNamespace, startServiceForTest, testSettings, uniqueBusNamespace, type ServiceUnderTest } from "@mkt/service-kit/testing";
import { vendorKycService, type Db as VendorKycDb } from "@mkt/vendor-kyc/bootstrap";
import { vendorApiService, type Db } from "../src/bootstrap.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface VendorStack {
  gateway: ServiceUnderTest<Db, Record<string, unknown>>;
  vendorKyc: ServiceUnderTest<VendorKycDb, Record<string, unknown>>;
  clock: ControllableClock;
  namespace: string;
  url: string;
  stop(): Promise<void>;
}

/** vendor-api and, in the same process and bus namespace, the vendor-kyc service it calls. */
export async function startVendorStack(label: string): Promise<VendorStack> {
  const namespace = uniqueBusNamespace(label);
  const clock = new ControllableClock();
  const vendorKyc = await startServiceForTest(vendorKycService, { namespace, migrationsDir: join(__dirname, "../../vendor-kyc/prisma/migrations") });
  const gateway = await startServiceForTest(vendorApiService, {
    namespace,
    clock,
    migrationsDir: join(__dirname, "../prisma/migrations"),
    env: { VENDOR_KYC_URL: vendorKyc.service.url },
  }).catch(async (error) => {
    await vendorKyc.stop();
    throw error;
  });
  return {
    gateway,
    vendorKyc,
    clock,
    namespace,
    url: `${gateway.service.url}/vendor/v1`,
    async stop() {
      await gateway.stop();
      await vendorKyc.stop();
      await deleteBusNamespace(namespace);
    },
  };
}

/** A second vendor-api process on the same database, e.g. one whose vendor-kyc is unreachable. */
export function startAnotherVendorApi(stack: VendorStack, env: Record<string, string>): Promise<RunningService<Db, Record<string, unknown>>> {
  return startService(vendorApiService, { clock: stack.clock, env: testSettings({ DATABASE_URL: stack.gateway.database.url, BUS_NAMESPACE: stack.namespace, ...env }) });
}

export async function call(url: string, method: string, path: string, options: { body?: unknown; token?: string } = {}) {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${url}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as Json };
}

let counter = 0;
export const application = (overrides: Record<string, unknown> = {}) => ({
  email: `admin-${Date.now()}-${++counter}@nuage.example`,
  password: "vendor passphrase long",
  legalName: "Nuage Souverain SAS",
  publicContact: { email: "ventes@nuage.example", phone: "+33 1 84 00 00 00" },
  ...overrides,
});
