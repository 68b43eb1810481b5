import { join } from "node:path";
import { ControllableClock } from "@mkt/service-kit";
import { deleteBusNamespace, startServiceForTest, uniqueBusNamespace, type ServiceUnderTest } from "@mkt/service-kit/testing";
import { vendorKycService, type Db as VendorKycDb } from "@mkt/vendor-kyc/bootstrap";
import { backofficeApiService, type Db } from "../src/bootstrap.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const OPERATOR = { email: "ops@marketplace.example", password: "operator passphrase long" };

export interface BackofficeStack {
  gateway: ServiceUnderTest<Db, Record<string, unknown>>;
  vendorKyc: ServiceUnderTest<VendorKycDb, Record<string, unknown>>;
  clock: ControllableClock;
  url: string;
  stop(): Promise<void>;
}

export const migrationsDir = join(__dirname, "../prisma/migrations");

/** backoffice-api with a first operator from the settings, and the vendor-kyc it calls, in one process. */
export async function startBackofficeStack(label: string): Promise<BackofficeStack> {
  const namespace = uniqueBusNamespace(label);
  const clock = new ControllableClock();
  const vendorKyc = await startServiceForTest(vendorKycService, { namespace, migrationsDir: join(__dirname, "../../vendor-kyc/prisma/migrations") });
  const gateway = await startServiceForTest(backofficeApiService, {
    namespace,
    clock,
    migrationsDir,
    env: { VENDOR_KYC_URL: vendorKyc.service.url, OPERATOR_EMAIL: OPERATOR.email, OPERATOR_PASSWORD: OPERATOR.password },
  }).catch(async (error) => {
    await vendorKyc.stop();
    throw error;
  });
  return {
    gateway,
    vendorKyc,
    clock,
    url: `${gateway.service.url}/ops/v1`,
    async stop() {
      await gateway.stop();
      await vendorKyc.stop();
      await deleteBusNamespace(namespace);
    },
  };
}

export async function call(url: string, method: string, path: string, options: { body?: unknown; token?: string } = {}) {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${url}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as Json };
}

/** A vendor application recorded directly in vendor-kyc (its internal API). */
export async function submittedVendor(stack: BackofficeStack): Promise<string> {
  const applied = await call(stack.vendorKyc.service.url, "POST", "/vendors", {
    body: { legalName: "Nuage Souverain SAS", publicContact: { email: "ventes@nuage.example", phone: "+33 1 84 00 00 00" } },
  });
  return applied.body.id;
}
