import { createHash } from "node:crypto";
import { NotFoundError, uuidv7, ValidationError } from "@mkt/service-kit";
import type { FileContent, FieldIssue, KycDocumentKind } from "@mkt/contracts";
import { detectMediaType } from "../domain/media-type.js";
import { checkIssuedOn } from "../domain/registry-extract.js";
import { isEditable, TransitionRefused } from "../domain/workflow.js";
import { documentKey } from "../storage/document-storage.js";
import type { Actor, VendorKycDeps } from "./deps.js";
import { refused, UnsupportedDocumentType } from "./errors.js";
import { fromIsoDate, lockVendor, presentDocument, recordHistory, type Tx } from "./vendor-record.js";

export interface DocumentUpload {
  kind: KycDocumentKind;
  personId?: string;
  issuedOn?: string;
}

const PERSON_KIND: Partial<Record<KycDocumentKind, { kind: "representative" | "beneficial-owner"; label: string }>> = {
  "representative-id": { kind: "representative", label: "legal representative" },
  "beneficial-owner-id": { kind: "beneficial-owner", label: "beneficial owner" },
};

/** The name a sender gave, as a plain file name (no folders, no control characters). */
function safeFilename(filename: string): string {
  const base = filename.split(/[/\\]/).pop() ?? "";
  const clean = base
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .trim()
    .slice(0, 200);
  return clean || "document";
}

/**
 * Saga step vendor-onboarding.2 (docs/sagas/vendor-onboarding.md): completing the file.
 *
 * Adds a document to an application that can still change. Its type is read from its bytes
 * (415 otherwise); an ID document names a person of the application of the right kind; a
 * registry extract gives its issue date, not in the future. A document of the same kind (and
 * person) is replaced; the old one stays in the file's history.
 *
 * The bytes are written before the row is committed: a crash in between leaves an orphan file,
 * which is harmless, never a row without bytes.
 */
export async function uploadDocument(
  deps: VendorKycDeps,
  vendorId: string,
  upload: DocumentUpload,
  file: FileContent,
  actor: Actor,
) {
  const { db, clock, storage } = deps;
  const contentType = detectMediaType(file.bytes);
  const filename = safeFilename(file.filename);
  if (!contentType) throw new UnsupportedDocumentType(filename);
  const issues = uploadIssues(upload, clock.now());
  if (issues.length > 0) throw new ValidationError(issues);

  // Refuse early what the transaction would refuse, so refused uploads store nothing.
  await db.transaction(async (tx) => checkCanAdd(tx, vendorId, upload));

  const documentId = uuidv7();
  const key = documentKey(vendorId, documentId);
  await storage.put(key, file.bytes, contentType);
  try {
    return await db.transaction(async (tx) => {
      await checkCanAdd(tx, vendorId, upload);
      const now = clock.now();
      const personId = upload.personId ?? null;
      await tx.kycDocument.updateMany({
        where: { vendorId, kind: upload.kind, personId, retiredAt: null },
        data: { retiredAt: now, retiredReason: "replaced" },
      });
      const document = await tx.kycDocument.create({
        data: {
          id: documentId,
          vendorId,
          kind: upload.kind,
          personId,
          filename,
          contentType,
          sizeBytes: file.bytes.byteLength,
          sha256: createHash("sha256").update(file.bytes).digest("hex"),
          issuedOn: upload.issuedOn ? fromIsoDate(upload.issuedOn) : null,
          storageKey: key,
          uploadedAt: now,
        },
      });
      await recordHistory(tx, vendorId, now, actor, "document-uploaded", `${upload.kind}: ${filename}`);
      return presentDocument(document);
    });
  } catch (error) {
    await storage.delete(key).catch(() => undefined);
    throw error;
  }
}

function uploadIssues(upload: DocumentUpload, now: Date): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const person = PERSON_KIND[upload.kind];
  if (person && !upload.personId)
    issues.push({ path: "personId", message: `a ${upload.kind} document names its ${person.label}: give personId` });
  if (!person && upload.personId)
    issues.push({
      path: "personId",
      message: `a ${upload.kind} document belongs to the company, not to a person: leave personId out`,
    });
  if (upload.kind === "registry-extract") {
    if (!upload.issuedOn)
      issues.push({
        path: "issuedOn",
        message: "a registry extract gives the issue date printed on it: give issuedOn (YYYY-MM-DD)",
      });
    else {
      const date = checkIssuedOn(upload.issuedOn, now);
      if (!date.ok) issues.push({ path: "issuedOn", message: date.message });
    }
  }
  return issues;
}

/** Locks the vendor and checks the application can take this document (404, 409, 400). */
async function checkCanAdd(tx: Tx, vendorId: string, upload: DocumentUpload): Promise<void> {
  const vendor = await lockVendor(tx, vendorId);
  if (!isEditable(vendor.status)) throw refused(new TransitionRefused(vendor.status, "edit"));
  const person = PERSON_KIND[upload.kind];
  if (person && upload.personId) {
    const found = await tx.kycPerson.findFirst({ where: { id: upload.personId, vendorId, kind: person.kind } });
    if (!found)
      throw new ValidationError([
        { path: "personId", message: `this application has no ${person.label} ${upload.personId}` },
      ]);
  }
}

/** A document's bytes, only through its own vendor (another vendor's document is a 404). */
export async function downloadDocument(
  { db, storage }: VendorKycDeps,
  vendorId: string,
  documentId: string,
): Promise<FileContent> {
  const document = await db.client.kycDocument.findFirst({
    where: { id: documentId, vendorId, OR: [{ retiredReason: null }, { retiredReason: { not: "deleted" } }] },
  });
  if (!document) throw new NotFoundError("Document", documentId);
  const bytes = await storage.get(document.storageKey);
  if (!bytes) throw new NotFoundError("Document", documentId);
  return { filename: document.filename, contentType: document.contentType, bytes };
}

/**
 * Saga step vendor-onboarding.2 (docs/sagas/vendor-onboarding.md). Removes a current document from an application that
 * can still change; its bytes go after the commit.
 */
export async function deleteDocument(
  { db, clock, storage }: VendorKycDeps,
  vendorId: string,
  documentId: string,
  actor: Actor,
): Promise<void> {
  const key = await db.transaction(async (tx) => {
    const vendor = await lockVendor(tx, vendorId);
    const document = await tx.kycDocument.findFirst({ where: { id: documentId, vendorId, retiredAt: null } });
    if (!document) throw new NotFoundError("Document", documentId);
    if (!isEditable(vendor.status)) throw refused(new TransitionRefused(vendor.status, "edit"));
    const now = clock.now();
    await tx.kycDocument.update({ where: { id: documentId }, data: { retiredAt: now, retiredReason: "deleted" } });
    await recordHistory(tx, vendorId, now, actor, "document-deleted", `${document.kind}: ${document.filename}`);
    return document.storageKey;
  });
  await storage.delete(key);
}
