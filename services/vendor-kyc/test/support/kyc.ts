import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ControllableClock } from "@mkt/service-kit";
import { deleteBusNamespace, startServiceForTest, uniqueBusNamespace, type ServiceUnderTest } from "@mkt/testing";
import { vendorKycService, type Db, type VendorKycConfig } from "../../src/bootstrap.js";
import type { VendorKycDeps } from "../../src/app/deps.js";
import { minimalJpeg, minimalPdf, minimalPng } from "./files.js";

import type { Json } from "@mkt/testing";

export type { Json };

/** Tests start on this day (in Paris: 24 November 2026), and move time with the clock, never sleep. */
export const TODAY = new Date("2026-11-24T10:00:00.000Z");

export interface Kyc {
  url: string;
  clock: ControllableClock;
  service: ServiceUnderTest<Db, VendorKycConfig, VendorKycDeps>;
  documentsDir: string;
  stop(): Promise<void>;
}

/** vendor-kyc on a throwaway database and bus namespace, storing documents in a temporary folder. */
export async function startKyc(label: string, env: Record<string, string> = {}): Promise<Kyc> {
  const namespace = uniqueBusNamespace(label);
  const documentsDir = await mkdtemp(join(tmpdir(), "mkt-kyc-"));
  const clock = new ControllableClock({ start: TODAY });
  const service = await startServiceForTest(vendorKycService, {
    namespace,
    migrationsDir: join(__dirname, "../../prisma/migrations"),
    env: { KYC_DOCUMENTS_DIR: documentsDir, ...env },
    clock,
  });
  return {
    url: service.service.url,
    clock,
    service,
    documentsDir,
    async stop() {
      await service.stop();
      await deleteBusNamespace(namespace);
      await rm(documentsDir, { recursive: true, force: true });
    },
  };
}

export interface Answer {
  status: number;
  body: Json;
  headers: Headers;
}

export async function call(
  kyc: Kyc,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${kyc.url}${path}`, {
    method,
    headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

export interface UploadFile {
  name: string;
  bytes: Uint8Array;
  type?: string;
}

export async function upload(
  kyc: Kyc,
  vendorId: string,
  fields: Record<string, string>,
  file: UploadFile,
): Promise<Answer> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append("file", new Blob([file.bytes], { type: file.type ?? "application/octet-stream" }), file.name);
  const response = await fetch(`${kyc.url}/vendors/${vendorId}/documents`, { method: "POST", body: form });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

export async function download(
  kyc: Kyc,
  vendorId: string,
  documentId: string,
): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const response = await fetch(`${kyc.url}/vendors/${vendorId}/documents/${documentId}`);
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
}

let sequence = 0;
/** A complete, consistent French application (SIREN 732829320, VAT FR44732829320). */
export function applicationInput(overrides: Record<string, unknown> = {}) {
  sequence += 1;
  return {
    legalName: "Nuage Souverain SAS",
    registrationNumber: "732 829 320",
    vatNumber: "FR44732829320",
    registeredAddress: { line1: "12 rue des Nuages", postalCode: "75002", city: "Paris", country: "FR" },
    legalForm: "SAS",
    shareCapital: { amount: 5_000_000, currency: "EUR" },
    publicContact: {
      email: `ventes+${process.pid}-${sequence}@nuage.example`,
      phone: "+33 1 84 00 00 00",
      supportUrl: "https://support.nuage.example",
    },
    representatives: [{ firstName: "Claire", lastName: "Martin", birthDate: "1980-04-12", role: "Présidente" }],
    beneficialOwners: [{ firstName: "Paul", lastName: "Durand", birthDate: "1975-09-30", sharePercent: 60 }],
    ...overrides,
  };
}

let keys = 0;
export async function createVendor(kyc: Kyc, overrides: Record<string, unknown> = {}): Promise<Json> {
  keys += 1;
  const answer = await call(kyc, "POST", "/vendors", applicationInput(overrides), {
    "idempotency-key": `user-${process.pid}-${Date.now()}-${keys}`,
  });
  if (answer.status !== 201)
    throw new Error(`could not create a vendor: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export const pdf = (name = "document.pdf"): UploadFile => ({ name, bytes: minimalPdf(), type: "application/pdf" });
export const png = (name = "scan.png"): UploadFile => ({ name, bytes: minimalPng(), type: "image/png" });
export const jpeg = (name = "photo.jpg"): UploadFile => ({ name, bytes: minimalJpeg(), type: "image/jpeg" });

/** Uploads every required document (a registry extract issued on `issuedOn`) and sets the bank account. */
export async function completeFile(kyc: Kyc, vendor: Json, options: { issuedOn?: string } = {}): Promise<void> {
  const expect201 = (answer: Answer, what: string) => {
    if (answer.status !== 201 && answer.status !== 200)
      throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  };
  for (const person of vendor.application.representatives)
    expect201(
      await upload(kyc, vendor.id, { kind: "representative-id", personId: person.id }, jpeg("id-card.jpg")),
      "representative id",
    );
  for (const person of vendor.application.beneficialOwners)
    expect201(
      await upload(kyc, vendor.id, { kind: "beneficial-owner-id", personId: person.id }, png("passport.png")),
      "owner id",
    );
  expect201(
    await upload(
      kyc,
      vendor.id,
      { kind: "registry-extract", issuedOn: options.issuedOn ?? "2026-11-02" },
      pdf("kbis.pdf"),
    ),
    "registry extract",
  );
  expect201(await upload(kyc, vendor.id, { kind: "bank-details" }, pdf("rib.pdf")), "bank details");
  expect201(await upload(kyc, vendor.id, { kind: "statutes" }, pdf("statuts.pdf")), "statutes");
  expect201(
    await call(kyc, "PUT", `/vendors/${vendor.id}/bank-account`, {
      iban: "FR76 3000 6000 0112 3456 7890 189",
      holderName: "NUAGE SOUVERAIN",
    }),
    "bank account",
  );
}

/** The events a vendor's changes recorded in the outbox, in order. */
export async function eventsOf(kyc: Kyc, vendorId: string): Promise<{ type: string; data: Json }[]> {
  const rows = await kyc.service.database.query<{ type: string; payload: Json }>(
    "SELECT type, payload FROM outbox_event WHERE payload->'data'->>'vendorId' = $1 ORDER BY created_at, id",
    [vendorId],
  );
  return rows.map((row) => ({ type: row.type, data: row.payload.data }));
}

export const OPERATOR = "operator-7f3a";
