import { join } from "node:path";
import { ControllableClock, startService, type RunningService } from "@mkt/service-kit";
import {
  deleteBusNamespace,
  startServiceForTest,
  testSettings,
  uniqueBusNamespace,
  type ServiceUnderTest,
  type TestDatabase,
} from "@mkt/testing";
import { vendorKycService, type Db as VendorKycDb } from "@mkt/vendor-kyc/bootstrap";
import { catalogService } from "@mkt/catalog/bootstrap";
import { vendorApiService, type Db } from "../src/bootstrap.js";
import { bankAccountOf, companyApplication, daysAgo, jpegDocument, pdfDocument, pngDocument } from "@mkt/demo-world";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import {
  deleteDeliveryQueue,
  emailQueueName,
  notificationService,
  webhookQueueName,
  type Db as NotificationDb,
} from "@mkt/notification/bootstrap";
import { orderService, type Db as OrderDb } from "@mkt/order/bootstrap";

import type { Json } from "@mkt/testing";

export type { Json };

export interface VendorStack {
  gateway: ServiceUnderTest<Db, Record<string, unknown>>;
  vendorKyc: ServiceUnderTest<VendorKycDb, Record<string, unknown>, unknown>;
  /** The catalog, in the same bus namespace: it learns of approved vendors from vendor-kyc's events. */
  catalog: { service: { url: string }; database: TestDatabase; stop(): Promise<void> };
  /** Started only when asked (`{ notification: true }`): the webhooks' owner. */
  notification?: ServiceUnderTest<NotificationDb, Record<string, unknown>, unknown>;
  /** Started only when asked (`{ order: true }`), on the gateway's clock: the vendor's orders. */
  order?: ServiceUnderTest<OrderDb, Record<string, unknown>>;
  clock: ControllableClock;
  namespace: string;
  url: string;
  stop(): Promise<void>;
}

/**
 * vendor-api and, in the same process and bus namespace, the services it calls: vendor-kyc (its
 * documents in a throwaway folder) and the catalog; notification too when asked.
 */
export async function startVendorStack(
  label: string,
  options: { notification?: boolean; order?: boolean } = {},
): Promise<VendorStack> {
  const namespace = uniqueBusNamespace(label);
  const clock = new ControllableClock();
  const documentsDir = mkdtempSync(join(tmpdir(), "vendor-api-kyc-"));
  const started: { stop(): Promise<void> }[] = [];
  const cleanUp = async () => {
    for (const service of started.reverse()) await service.stop();
    rmSync(documentsDir, { recursive: true, force: true });
  };
  const start = async <T extends { stop(): Promise<void> }>(starting: Promise<T>): Promise<T> => {
    try {
      const service = await starting;
      started.push(service);
      return service;
    } catch (error) {
      await cleanUp();
      throw error;
    }
  };
  const vendorKyc = await start(
    startServiceForTest(vendorKycService, {
      namespace,
      migrationsDir: join(__dirname, "../../vendor-kyc/prisma/migrations"),
      env: { KYC_STORAGE: "local", KYC_DOCUMENTS_DIR: documentsDir },
    }),
  );
  const catalog = await start(
    startServiceForTest(catalogService, {
      namespace,
      migrationsDir: join(__dirname, "../../catalog/prisma/migrations"),
    }),
  );
  const mailDropDir = options.notification ? mkdtempSync(join(tmpdir(), "vendor-api-mail-")) : undefined;
  const notification = mailDropDir
    ? await start(
        startServiceForTest(notificationService, {
          namespace,
          migrationsDir: join(__dirname, "../../notification/prisma/migrations"),
          env: { MAIL_DROP_DIR: mailDropDir },
        }),
      )
    : undefined;
  const order = options.order
    ? await start(
        startServiceForTest(orderService, {
          namespace,
          clock,
          migrationsDir: join(__dirname, "../../order/prisma/migrations"),
          env: { TIMER_POLL_MS: "50" },
        }),
      )
    : undefined;
  const gateway = await start(
    startServiceForTest(vendorApiService, {
      namespace,
      clock,
      migrationsDir: join(__dirname, "../prisma/migrations"),
      env: {
        VENDOR_KYC_URL: vendorKyc.service.url,
        CATALOG_URL: catalog.service.url,
        ...(notification ? { NOTIFICATION_URL: notification.service.url } : {}),
        ...(order ? { ORDER_URL: order.service.url } : {}),
      },
    }),
  );
  return {
    gateway,
    vendorKyc,
    catalog,
    clock,
    namespace,
    url: `${gateway.service.url}/vendor/v1`,
    notification,
    order,
    async stop() {
      await gateway.stop();
      await order?.stop();
      await catalog.stop();
      await vendorKyc.stop();
      rmSync(documentsDir, { recursive: true, force: true });
      if (notification) {
        const { config } = notification.service.deps as unknown as {
          config: { AMQP_URL: string; MAIL_RETRY_DELAYS_MS: number[]; WEBHOOK_RETRY_DELAYS_MS: number[] };
        };
        await notification.stop();
        await deleteDeliveryQueue({
          url: config.AMQP_URL,
          name: emailQueueName({ BUS_NAMESPACE: namespace }),
          retryDelaysMs: config.MAIL_RETRY_DELAYS_MS,
        });
        await deleteDeliveryQueue({
          url: config.AMQP_URL,
          name: webhookQueueName({ BUS_NAMESPACE: namespace }),
          retryDelaysMs: config.WEBHOOK_RETRY_DELAYS_MS,
        });
      }
      if (mailDropDir) rmSync(mailDropDir, { recursive: true, force: true });
      await deleteBusNamespace(namespace);
    },
  };
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

/** A multipart upload, as a browser or `curl -F` sends it. */
export async function upload(
  url: string,
  path: string,
  options: {
    token?: string;
    fields?: Record<string, string>;
    file?: { bytes: Uint8Array; filename: string; contentType: string };
    field?: string;
  },
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(options.fields ?? {})) form.append(name, value);
  if (options.file)
    form.append(
      options.field ?? "file",
      new Blob([options.file.bytes], { type: options.file.contentType }),
      options.file.filename,
    );
  const response = await fetch(`${url}${path}`, {
    method: "POST",
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    body: form,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as Json };
}

/** A download: the status, the headers and the bytes (or the problem when it is one). */
export async function download(url: string, path: string, token?: string) {
  const response = await fetch(`${url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const isProblem = (response.headers.get("content-type") ?? "").includes("json");
  return {
    status: response.status,
    headers: response.headers,
    bytes,
    body: (isProblem ? JSON.parse(Buffer.from(bytes).toString("utf8")) : undefined) as Json,
  };
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
