import { join } from "node:path";
import { startServiceForTest, type ServiceUnderTest } from "@mkt/service-kit/testing";
import { vendorKycService, type Db as VendorKycDb } from "@mkt/vendor-kyc/bootstrap";
import { EmailDelivery, notificationService, type Db } from "../../src/bootstrap.js";
import type { NotificationConfig } from "../../src/app/deps.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;
export type NotificationUnderTest = ServiceUnderTest<Db, NotificationConfig>;

export const AMQP_URL = process.env.AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672";

export function startNotification(namespace: string, env: Record<string, string>): Promise<NotificationUnderTest> {
  return startServiceForTest(notificationService, { namespace, migrationsDir: join(__dirname, "../../prisma/migrations"), env });
}

export function startVendorKyc(namespace: string): Promise<ServiceUnderTest<VendorKycDb, Record<never, never>>> {
  return startServiceForTest(vendorKycService, { namespace, migrationsDir: join(__dirname, "../../../vendor-kyc/prisma/migrations") });
}

export function emailDeliveryOf(service: NotificationUnderTest): EmailDelivery {
  const delivery = service.service.workers.find((worker): worker is EmailDelivery => worker instanceof EmailDelivery);
  if (!delivery) throw new Error("the notification service runs no email delivery");
  return delivery;
}

export async function post(base: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}) });
  return { status: response.status, body: await response.json() };
}

export async function get(base: string, path: string): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${base}${path}`);
  return { status: response.status, body: await response.json() };
}

let sequence = 0;
/** An application with its own contact address, so each test finds its own emails. */
export function application(legalName = "Nuage Souverain SAS") {
  sequence += 1;
  return {
    legalName,
    publicContact: { email: `ventes+${process.pid}-${sequence}@nuage.example`, phone: "+33 1 84 00 00 00", supportUrl: "https://support.nuage.example" },
  };
}
