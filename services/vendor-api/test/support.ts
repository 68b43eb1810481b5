import { join } from "node:path";
import { ControllableClock, startService, type RunningService } from "@mkt/service-kit";
import { deleteBusNamespace, startServiceForTest, testSettings, uniqueBusNamespace, type ServiceUnderTest } from "@mkt/service-kit/testing";
import { vendorKycService, type Db as VendorKycDb } from "@mkt/vendor-kyc/bootstrap";
import { vendorApiService, type Db } from "../src/bootstrap.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { deleteDeliveryQueue } from "@mkt/service-kit";
import { emailQueueName, notificationService, webhookQueueName, type Db as NotificationDb } from "@mkt/notification/dist/bootstrap.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface VendorStack {
  gateway: ServiceUnderTest<Db, Record<string, unknown>>;
  vendorKyc: ServiceUnderTest<VendorKycDb, Record<string, unknown>>;
  /** Started only when asked (`{ notification: true }`): the webhooks' owner. */
  notification?: ServiceUnderTest<NotificationDb, Record<string, unknown>>;
  clock: ControllableClock;
  namespace: string;
  url: string;
  stop(): Promise<void>;
}

/** vendor-api and, in the same process and bus namespace, the vendor-kyc service it calls. */
export async function startVendorStack(label: string, options: { notification?: boolean } = {}): Promise<VendorStack> {
  const namespace = uniqueBusNamespace(label);
  const clock = new ControllableClock();
  const vendorKyc = await startServiceForTest(vendorKycService, { namespace, migrationsDir: join(__dirname, "../../vendor-kyc/prisma/migrations") });
  const mailDropDir = options.notification ? mkdtempSync(join(tmpdir(), "vendor-api-mail-")) : undefined;
  const notification = mailDropDir
    ? await startServiceForTest(notificationService, { namespace, migrationsDir: join(__dirname, "../../notification/prisma/migrations"), env: { MAIL_DROP_DIR: mailDropDir } }).catch(async (error) => {
        await vendorKyc.stop();
        throw error;
      })
    : undefined;
  const gateway = await startServiceForTest(vendorApiService, {
    namespace,
    clock,
    migrationsDir: join(__dirname, "../prisma/migrations"),
    env: { VENDOR_KYC_URL: vendorKyc.service.url, ...(notification ? { NOTIFICATION_URL: notification.service.url } : {}) },
  }).catch(async (error) => {
    await notification?.stop();
    await vendorKyc.stop();
    throw error;
  });
  return {
    gateway,
    vendorKyc,
    clock,
    namespace,
    url: `${gateway.service.url}/vendor/v1`,
    notification,
    async stop() {
      await gateway.stop();
      await vendorKyc.stop();
      if (notification) {
        const { config } = notification.service.deps as unknown as { config: { AMQP_URL: string; MAIL_RETRY_DELAYS_MS: number[]; WEBHOOK_RETRY_DELAYS_MS: number[] } };
        await notification.stop();
        await deleteDeliveryQueue({ url: config.AMQP_URL, name: emailQueueName({ BUS_NAMESPACE: namespace }), retryDelaysMs: config.MAIL_RETRY_DELAYS_MS });
        await deleteDeliveryQueue({ url: config.AMQP_URL, name: webhookQueueName({ BUS_NAMESPACE: namespace }), retryDelaysMs: config.WEBHOOK_RETRY_DELAYS_MS });
      }
      if (mailDropDir) rmSync(mailDropDir, { recursive: true, force: true });
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
