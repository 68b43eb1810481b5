import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
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
import { vendorKycService, type Db as VendorKycDb } from "@mkt/vendor-kyc/bootstrap";
import { catalogService } from "@mkt/catalog/bootstrap";
import { backofficeApiService, type Db } from "../src/bootstrap.js";
import { bankAccountOf, companyApplication, daysAgo, jpegDocument, pdfDocument, pngDocument } from "@mkt/demo-world";

import type { Json } from "@mkt/testing";

export type { Json };

export const OPERATOR = { email: "ops@marketplace.example", password: "operator passphrase long" };

export interface BackofficeStack {
  gateway: ServiceUnderTest<Db, Record<string, unknown>>;
  vendorKyc: ServiceUnderTest<VendorKycDb, Record<string, unknown>, unknown>;
  /** The catalog, in the same bus namespace: it learns of approved vendors from vendor-kyc's events. */
  catalog: { service: { url: string }; database: TestDatabase; stop(): Promise<void> };
  clock: ControllableClock;
  url: string;
  stop(): Promise<void>;
}

export const migrationsDir = join(__dirname, "../prisma/migrations");

/**
 * backoffice-api with a first operator from the settings and, in the same process and bus
 * namespace, the services it calls: vendor-kyc (documents in a throwaway folder) and the catalog.
 */
export async function startBackofficeStack(label: string): Promise<BackofficeStack> {
  const namespace = uniqueBusNamespace(label);
  const clock = new ControllableClock();
  const documentsDir = mkdtempSync(join(tmpdir(), "backoffice-kyc-"));
  const started: { stop(): Promise<void> }[] = [];
  const cleanUp = async () => {
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
  const gateway = await start(
    startServiceForTest(backofficeApiService, {
      namespace,
      clock,
      migrationsDir,
      env: {
        VENDOR_KYC_URL: vendorKyc.service.url,
        CATALOG_URL: catalog.service.url,
        OPERATOR_EMAIL: OPERATOR.email,
        OPERATOR_PASSWORD: OPERATOR.password,
      },
    }),
  );
  return { gateway, vendorKyc, catalog, clock, url: `${gateway.service.url}/ops/v1`, stop: cleanUp };
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

/** The documents every submitted vendor of these tests uploaded, by kind. */
export const DOCUMENTS = {
  "representative-id": { bytes: jpegDocument(), filename: "cni.jpg", contentType: "image/jpeg" },
  "beneficial-owner-id": { bytes: pngDocument(), filename: "passport.png", contentType: "image/png" },
  "registry-extract": { bytes: pdfDocument("Extrait Kbis"), filename: "kbis.pdf", contentType: "application/pdf" },
  "bank-details": { bytes: pdfDocument("RIB"), filename: "rib.pdf", contentType: "application/pdf" },
  statutes: { bytes: pdfDocument("Statuts"), filename: "statuts.pdf", contentType: "application/pdf" },
} as const;

/**
 * A complete application submitted through vendor-kyc's internal API (what vendor-api does for a
 * vendor): the application, every document, the bank account, the submission.
 */
export async function submittedVendor(
  stack: BackofficeStack,
  legalName = `Nuage ${Math.random().toString(36).slice(2, 8)} SAS`,
): Promise<string> {
  const kyc = stack.vendorKyc.service.url;
  const applied = await call(kyc, "POST", "/vendors", {
    body: companyApplication(legalName),
    headers: { "idempotency-key": randomUUID() },
  });
  if (applied.status !== 201) throw new Error(`vendor-kyc refused the application: ${JSON.stringify(applied.body)}`);
  const vendorId = applied.body.id as string;
  const personOf = {
    "representative-id": applied.body.application.representatives[0].id,
    "beneficial-owner-id": applied.body.application.beneficialOwners[0].id,
  } as Record<string, string>;
  for (const [kind, file] of Object.entries(DOCUMENTS)) {
    const form = new FormData();
    form.append("kind", kind);
    if (personOf[kind]) form.append("personId", personOf[kind]);
    if (kind === "registry-extract") form.append("issuedOn", daysAgo(10));
    form.append("file", new Blob([file.bytes], { type: file.contentType }), file.filename);
    const uploaded = await fetch(`${kyc}/vendors/${vendorId}/documents`, { method: "POST", body: form });
    if (uploaded.status !== 201) throw new Error(`vendor-kyc refused the ${kind}: ${await uploaded.text()}`);
  }
  const banked = await call(kyc, "PUT", `/vendors/${vendorId}/bank-account`, { body: bankAccountOf(legalName) });
  if (banked.status !== 200) throw new Error(`vendor-kyc refused the bank account: ${JSON.stringify(banked.body)}`);
  const submitted = await call(kyc, "POST", `/vendors/${vendorId}/submit`);
  if (submitted.status !== 200) throw new Error(`vendor-kyc refused the submission: ${JSON.stringify(submitted.body)}`);
  return vendorId;
}

/** A draft listing of an (approved or not) vendor, created through the catalog's internal API. */
export async function draftProduct(stack: BackofficeStack, vendorId: string, name = "Nuage Kubernetes"): Promise<Json> {
  const created = await call(stack.catalog.service.url, "POST", `/vendors/${vendorId}/products`, {
    body: {
      name,
      category: "paas",
      subcategory: "kubernetes",
      region: "fr-sbg-1",
      description: { fr: "Kubernetes géré, hébergé à Strasbourg.", en: "Managed Kubernetes, hosted in Strasbourg." },
      documentationUrl: "https://docs.nuage.example/kubernetes",
      plans: [{ name: "Cluster", billingCycle: "monthly", price: { amount: 29_900, currency: "EUR" } }],
    },
  });
  if (created.status !== 201) throw new Error(`the catalog refused the listing: ${JSON.stringify(created.body)}`);
  return created.body;
}
