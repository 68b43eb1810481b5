import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ControllableClock } from "@mkt/service-kit";
import { OPERATOR, call, startServices, type Json, type UnderTestOf } from "@mkt/testing";
import { vendorKycService } from "@mkt/vendor-kyc/bootstrap";
import { catalogService } from "@mkt/catalog/bootstrap";
import { backofficeApiService } from "../../src/bootstrap.js";
import { bankAccountOf, companyApplication, daysAgo, jpegDocument, pdfDocument, pngDocument } from "@mkt/demo-world";

export const migrationsDir = join(__dirname, "../../prisma/migrations");

export interface BackofficeStack {
  gateway: UnderTestOf<typeof backofficeApiService>;
  vendorKyc: UnderTestOf<typeof vendorKycService>;
  /** The catalog, in the same bus namespace: it learns of approved vendors from vendor-kyc's events. */
  catalog: UnderTestOf<typeof catalogService>;
  clock: ControllableClock;
  url: string;
  stop(): Promise<void>;
}

/**
 * backoffice-api with a first operator from the settings and, in the same process and bus
 * namespace, the services it calls: vendor-kyc (documents in a throwaway folder) and the catalog.
 */
export async function startBackofficeStack(label: string): Promise<BackofficeStack> {
  const documentsDir = mkdtempSync(join(tmpdir(), "backoffice-kyc-"));
  const removeDocuments = () => rmSync(documentsDir, { recursive: true, force: true });
  try {
    const started = await startServices(label, [
      {
        name: "vendor-kyc",
        definition: vendorKycService,
        env: { KYC_STORAGE: "local", KYC_DOCUMENTS_DIR: documentsDir },
      },
      { name: "catalog", definition: catalogService },
      {
        name: "backoffice-api",
        definition: backofficeApiService,
        env: { OPERATOR_EMAIL: OPERATOR.email, OPERATOR_PASSWORD: OPERATOR.password },
      },
    ]);
    const { "backoffice-api": gateway, "vendor-kyc": vendorKyc, catalog } = started.services;
    return {
      gateway,
      vendorKyc,
      catalog,
      clock: started.clock,
      url: `${gateway.service.url}/ops/v1`,
      async stop() {
        await started.stop();
        removeDocuments();
      },
    };
  } catch (error) {
    removeDocuments();
    throw error;
  }
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
