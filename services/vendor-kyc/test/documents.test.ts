// KYC documents through the service's HTTP API: type by content, size, people, replacement, isolation.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { KYC_DOCUMENT_MAX_BYTES } from "@mkt/contracts";
import {
  call,
  completeFile,
  createVendor,
  download,
  jpeg,
  pdf,
  png,
  startKyc,
  upload,
  type Kyc,
} from "./support/kyc.js";
import { minimalPdf } from "./support/files.js";

let kyc: Kyc;
beforeAll(async () => {
  kyc = await startKyc("kyc_documents");
});
afterAll(() => kyc?.stop());

const text = (value: string) => new TextEncoder().encode(value);

describe("uploading a document", () => {
  it("records a PDF with its detected type, size and SHA-256, stores its bytes, and gives them back", async () => {
    const vendor = await createVendor(kyc);
    const bytes = minimalPdf("Statuts de Nuage Souverain");
    const answer = await upload(
      kyc,
      vendor.id,
      { kind: "statutes" },
      { name: "statuts.pdf", bytes, type: "application/octet-stream" },
    );
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      id: expect.any(String),
      kind: "statutes",
      personId: null,
      filename: "statuts.pdf",
      contentType: "application/pdf",
      sizeBytes: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      issuedOn: null,
      uploadedAt: expect.stringMatching(/^2026-11-24T/),
    });
    expect(await readFile(join(kyc.documentsDir, vendor.id, answer.body.id))).toEqual(bytes);

    const back = await download(kyc, vendor.id, answer.body.id);
    expect(back.status).toBe(200);
    expect(back.headers.get("content-type")).toMatch(/^application\/pdf/);
    expect(back.headers.get("content-disposition")).toContain('filename="statuts.pdf"');
    expect(back.bytes).toEqual(bytes);
  });

  it("recognises a PNG and a JPEG by their bytes, whatever their declared type", async () => {
    const vendor = await createVendor(kyc);
    const [claire] = vendor.application.representatives;
    const [paul] = vendor.application.beneficialOwners;
    const scan = await upload(
      kyc,
      vendor.id,
      { kind: "representative-id", personId: claire.id },
      { ...png("id.png"), type: "application/pdf" },
    );
    expect(scan.body).toMatchObject({ contentType: "image/png", personId: claire.id });
    const photo = await upload(
      kyc,
      vendor.id,
      { kind: "beneficial-owner-id", personId: paul.id },
      jpeg("passport.jpeg"),
    );
    expect(photo.body).toMatchObject({ contentType: "image/jpeg", personId: paul.id });
  });

  it("refuses a text file renamed .pdf with a 415 that says why", async () => {
    const vendor = await createVendor(kyc);
    const answer = await upload(
      kyc,
      vendor.id,
      { kind: "statutes" },
      { name: "statuts.pdf", bytes: text("These are our statutes, honest."), type: "application/pdf" },
    );
    expect(answer.status).toBe(415);
    expect(answer.body).toMatchObject({
      type: "/problems/unsupported-media-type",
      detail:
        '"statuts.pdf" is not a PDF, PNG or JPEG file: its content does not start like one (the file name and declared type are not trusted). Scan or export the document as PDF, PNG or JPEG.',
    });
    expect((await call(kyc, "GET", `/vendors/${vendor.id}`)).body.documents).toEqual([]);
  });

  it("refuses other formats by their magic bytes (a GIF, a ZIP)", async () => {
    const vendor = await createVendor(kyc);
    for (const bytes of [text("GIF89a\x01\x00\x01\x00"), Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0])]) {
      const answer = await upload(
        kyc,
        vendor.id,
        { kind: "bank-details" },
        { name: "rib.png", bytes, type: "image/png" },
      );
      expect(answer.status).toBe(415);
    }
  });

  it("refuses a file over the 10 MiB limit with a 413", async () => {
    const vendor = await createVendor(kyc);
    const big = new Uint8Array(KYC_DOCUMENT_MAX_BYTES + 1);
    big.set(text("%PDF-1.4\n"));
    const answer = await upload(kyc, vendor.id, { kind: "statutes" }, { name: "huge.pdf", bytes: big });
    expect(answer.status).toBe(413);
    expect(answer.body.type).toBe("/problems/payload-too-large");
  });

  it("requires the issue date of a registry extract, not in the future", async () => {
    const vendor = await createVendor(kyc);
    const missing = await upload(kyc, vendor.id, { kind: "registry-extract" }, pdf("kbis.pdf"));
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([
      {
        path: "issuedOn",
        message: "a registry extract gives the issue date printed on it: give issuedOn (YYYY-MM-DD)",
      },
    ]);
    const future = await upload(kyc, vendor.id, { kind: "registry-extract", issuedOn: "2026-11-25" }, pdf("kbis.pdf"));
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([
      { path: "issuedOn", message: "the issue date 2026-11-25 is in the future (today is 2026-11-24)" },
    ]);
  });

  it("requires an ID document to name a person of the application of the right kind", async () => {
    const vendor = await createVendor(kyc);
    const [claire] = vendor.application.representatives;
    const noPerson = await upload(kyc, vendor.id, { kind: "representative-id" }, jpeg());
    expect(noPerson.body.errors).toEqual([
      { path: "personId", message: "a representative-id document names its legal representative: give personId" },
    ]);
    const wrongKind = await upload(kyc, vendor.id, { kind: "beneficial-owner-id", personId: claire.id }, jpeg());
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.errors).toEqual([
      { path: "personId", message: `this application has no beneficial owner ${claire.id}` },
    ]);
    const other = await createVendor(kyc);
    const foreign = await upload(
      kyc,
      vendor.id,
      { kind: "representative-id", personId: other.application.representatives[0].id },
      jpeg(),
    );
    expect(foreign.status).toBe(400);
    const company = await upload(kyc, vendor.id, { kind: "statutes", personId: claire.id }, pdf());
    expect(company.body.errors).toEqual([
      { path: "personId", message: "a statutes document belongs to the company, not to a person: leave personId out" },
    ]);
  });

  it("replaces the document of the same kind, keeping the old one in the history", async () => {
    const vendor = await createVendor(kyc);
    const first = await upload(kyc, vendor.id, { kind: "statutes" }, pdf("statuts-2019.pdf"));
    const second = await upload(kyc, vendor.id, { kind: "statutes" }, png("statuts-2024.png"));
    const file = (await call(kyc, "GET", `/vendors/${vendor.id}`)).body;
    expect(file.documents.map((d: { id: string }) => d.id)).toEqual([second.body.id]);
    expect(
      file.history
        .filter((h: { action: string }) => h.action === "document-uploaded")
        .map((h: { note: string }) => h.note),
    ).toEqual(["statutes: statuts-2019.pdf", "statutes: statuts-2024.png"]);
    const rows = await kyc.service.database.query<{ id: string; retired_reason: string | null }>(
      "SELECT id, retired_reason FROM kyc_document WHERE vendor_id = $1 ORDER BY uploaded_at, id",
      [vendor.id],
    );
    expect(rows).toEqual([
      { id: first.body.id, retired_reason: "replaced" },
      { id: second.body.id, retired_reason: null },
    ]);
  });

  it("refuses documents once the application is submitted", async () => {
    const vendor = await createVendor(kyc);
    await completeFile(kyc, vendor);
    expect((await call(kyc, "POST", `/vendors/${vendor.id}/submit`)).status).toBe(200);
    const late = await upload(kyc, vendor.id, { kind: "statutes" }, pdf());
    expect(late.status).toBe(409);
    expect(late.body.type).toBe("/problems/application-not-editable");
  });
});

describe("reading and removing documents", () => {
  it("answers 404 for another vendor's document, through any path but its own", async () => {
    const owner = await createVendor(kyc);
    const intruder = await createVendor(kyc);
    const document = await upload(kyc, owner.id, { kind: "statutes" }, pdf());
    expect((await download(kyc, intruder.id, document.body.id)).status).toBe(404);
    expect((await call(kyc, "DELETE", `/vendors/${intruder.id}/documents/${document.body.id}`)).status).toBe(404);
    expect((await download(kyc, owner.id, document.body.id)).status).toBe(200);
  });

  it("deletes a document from an application that can still change, and its bytes", async () => {
    const vendor = await createVendor(kyc);
    const document = await upload(kyc, vendor.id, { kind: "bank-details" }, pdf("rib.pdf"));
    const deleted = await call(kyc, "DELETE", `/vendors/${vendor.id}/documents/${document.body.id}`);
    expect(deleted.status).toBe(204);
    const file = (await call(kyc, "GET", `/vendors/${vendor.id}`)).body;
    expect(file.documents).toEqual([]);
    expect(file.history.at(-1)).toMatchObject({ action: "document-deleted", note: "bank-details: rib.pdf" });
    expect((await download(kyc, vendor.id, document.body.id)).status).toBe(404);
    await expect(readFile(join(kyc.documentsDir, vendor.id, document.body.id))).rejects.toMatchObject({
      code: "ENOENT",
    });
  });
});
