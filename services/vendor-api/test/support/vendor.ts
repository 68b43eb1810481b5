import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startService, type ControllableClock, type RunningService } from "@mkt/service-kit";
import {
  call,
  startServices,
  testSettings,
  upload,
  type Json,
  type ServiceToStart,
  type UnderTestOf,
} from "@mkt/testing";
import { vendorKycService } from "@mkt/vendor-kyc/bootstrap";
import { catalogService } from "@mkt/catalog/bootstrap";
import { vendorApiService, type Db } from "../../src/bootstrap.js";
import { bankAccountOf, companyApplication, daysAgo, jpegDocument, pdfDocument, pngDocument } from "@mkt/demo-world";
import {
  deleteDeliveryQueue,
  emailQueueName,
  notificationService,
  webhookQueueName,
} from "@mkt/notification/bootstrap";
import { orderService } from "@mkt/order/bootstrap";
import { payoutService } from "@mkt/payout/bootstrap";
import { subscriptionService } from "@mkt/subscription/bootstrap";

export interface VendorStack {
  gateway: UnderTestOf<typeof vendorApiService>;
  vendorKyc: UnderTestOf<typeof vendorKycService>;
  /** The catalog, in the same bus namespace: it learns of approved vendors from vendor-kyc's events. */
  catalog: UnderTestOf<typeof catalogService>;
  /** Started only when asked (`{ notification: true }`): the webhooks' owner. */
  notification?: UnderTestOf<typeof notificationService>;
  /** Started only when asked (`{ order: true }`), on the gateway's clock: the vendor's orders. */
  order?: UnderTestOf<typeof orderService>;
  /** Started only when asked (`{ payout: true }`): the vendor's ledger. */
  payout?: UnderTestOf<typeof payoutService>;
  /** Started only when asked (`{ subscription: true }`, with order): it starts subscriptions from accepted orders. */
  subscription?: UnderTestOf<typeof subscriptionService>;
  clock: ControllableClock;
  namespace: string;
  url: string;
  stop(): Promise<void>;
}

/**
 * vendor-api and, in the same process and bus namespace, the services it calls: vendor-kyc (its
 * documents in a throwaway folder) and the catalog; notification (its mail dropped in a throwaway
 * folder) and order too when asked.
 */
export async function startVendorStack(
  label: string,
  options: { notification?: boolean; order?: boolean; payout?: boolean; subscription?: boolean } = {},
): Promise<VendorStack> {
  const documentsDir = mkdtempSync(join(tmpdir(), "vendor-api-kyc-"));
  const mailDropDir = options.notification ? mkdtempSync(join(tmpdir(), "vendor-api-mail-")) : undefined;
  const removeFolders = () => {
    rmSync(documentsDir, { recursive: true, force: true });
    if (mailDropDir) rmSync(mailDropDir, { recursive: true, force: true });
  };
  const callees: ServiceToStart[] = [
    ...(mailDropDir
      ? [{ name: "notification", definition: notificationService, env: { MAIL_DROP_DIR: mailDropDir } }]
      : []),
    ...(options.order ? [{ name: "order", definition: orderService, env: { TIMER_POLL_MS: "50" } }] : []),
    ...(options.payout ? [{ name: "payout", definition: payoutService }] : []),
    ...(options.subscription ? [{ name: "subscription", definition: subscriptionService }] : []),
  ];
  try {
    const started = await startServices(label, [
      {
        name: "vendor-kyc",
        definition: vendorKycService,
        env: { KYC_STORAGE: "local", KYC_DOCUMENTS_DIR: documentsDir },
      },
      { name: "catalog", definition: catalogService },
      ...callees,
      { name: "vendor-api", definition: vendorApiService },
    ]);
    const { "vendor-api": gateway, "vendor-kyc": vendorKyc, catalog } = started.services;
    // Started only when asked: the names are not in the list's type.
    const { notification, order, payout, subscription } = started.services as Partial<{
      notification: UnderTestOf<typeof notificationService>;
      order: UnderTestOf<typeof orderService>;
      payout: UnderTestOf<typeof payoutService>;
      subscription: UnderTestOf<typeof subscriptionService>;
    }>;
    return {
      gateway,
      vendorKyc,
      catalog,
      notification,
      order,
      payout,
      subscription,
      clock: started.clock,
      namespace: started.namespace,
      url: `${gateway.service.url}/vendor/v1`,
      async stop() {
        const notificationConfig = notification?.service.deps.config;
        await started.stop();
        // The notification service's delivery queues live in RabbitMQ, outside the bus namespace.
        if (notificationConfig) {
          const { AMQP_URL: url, MAIL_RETRY_DELAYS_MS, WEBHOOK_RETRY_DELAYS_MS } = notificationConfig;
          const names = { BUS_NAMESPACE: started.namespace };
          await deleteDeliveryQueue({ url, name: emailQueueName(names), retryDelaysMs: MAIL_RETRY_DELAYS_MS });
          await deleteDeliveryQueue({ url, name: webhookQueueName(names), retryDelaysMs: WEBHOOK_RETRY_DELAYS_MS });
        }
        removeFolders();
      },
    };
  } catch (error) {
    removeFolders();
    throw error;
  }
}

/** A second vendor-api process on the same database, e.g. one whose vendor-kyc is unreachable. */
export function startAnotherVendorApi(
  stack: VendorStack,
  env: Record<string, string>,
): Promise<RunningService<Db, Record<string, unknown>>> {
  return startService(vendorApiService, {
    clock: stack.clock,
    env: testSettings({ DATABASE_URL: stack.gateway.database.url, BUS_NAMESPACE: stack.namespace, ...env }),
  });
}

let counter = 0;
/** `POST /applications`'s body: a new sign-in email and a complete company application. */
export const application = (overrides: Record<string, unknown> = {}) => ({
  email: `admin-${Date.now()}-${++counter}@nuage.example`,
  password: "vendor passphrase long",
  ...companyApplication(typeof overrides.legalName === "string" ? overrides.legalName : undefined),
  ...overrides,
});

/**
 * Completes a vendor's file through the gateway and submits it: every document (real JPEG, PNG
 * and PDF files), the bank account in the company's name. Answers the submitted file.
 */
export async function completeAndSubmit(url: string, token: string): Promise<Json> {
  const file = (await call(url, "GET", "/kyc", { token })).body;
  const documents: [Record<string, string>, { bytes: Uint8Array; filename: string; contentType: string }][] = [
    [
      { kind: "representative-id", personId: file.application.representatives[0].id },
      { bytes: jpegDocument(), filename: "cni.jpg", contentType: "image/jpeg" },
    ],
    [
      { kind: "beneficial-owner-id", personId: file.application.beneficialOwners[0].id },
      { bytes: pngDocument(), filename: "passport.png", contentType: "image/png" },
    ],
    [
      { kind: "registry-extract", issuedOn: daysAgo(10) },
      { bytes: pdfDocument("Extrait Kbis"), filename: "kbis.pdf", contentType: "application/pdf" },
    ],
    [{ kind: "bank-details" }, { bytes: pdfDocument("RIB"), filename: "rib.pdf", contentType: "application/pdf" }],
    [{ kind: "statutes" }, { bytes: pdfDocument("Statuts"), filename: "statuts.pdf", contentType: "application/pdf" }],
  ];
  for (const [fields, document] of documents) {
    const uploaded = await upload(url, "/kyc/documents", { token, fields, file: document });
    if (uploaded.status !== 201) throw new Error(`the ${fields.kind} was refused: ${JSON.stringify(uploaded.body)}`);
  }
  const banked = await call(url, "PUT", "/bank-account", { token, body: bankAccountOf(file.application.legalName) });
  if (banked.status !== 200) throw new Error(`the bank account was refused: ${JSON.stringify(banked.body)}`);
  const submitted = await call(url, "POST", "/kyc/submit", { token });
  if (submitted.status !== 200) throw new Error(`the submission was refused: ${JSON.stringify(submitted.body)}`);
  return submitted.body;
}
