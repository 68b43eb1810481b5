import { NotFoundError, uuidv7, type TxOf } from "@mkt/service-kit";
import type { Address, PublicContact, VendorKyc } from "@mkt/contracts";
import type { Db } from "../db/client.js";
import type { KycDocument, KycHistory, KycPerson, Vendor } from "../generated/prisma/client.js";
import type { KycCheckResult } from "../domain/checks.js";
import { maskIban, ibanLast4 } from "../domain/iban.js";
import type { KycStatus } from "../domain/workflow.js";
import type { Actor } from "./deps.js";

export type Tx = TxOf<Db>;
type Reader = Tx | Db;

/**
 * Locks the vendor's row for the rest of the transaction (SELECT … FOR UPDATE) and returns it:
 * every change to one vendor's file goes through here, so two decisions, or an upload and a
 * submission, never interleave. 404 if there is no such vendor.
 */
export async function lockVendor(tx: Tx, vendorId: string): Promise<Vendor & { status: KycStatus }> {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM vendor WHERE id = ${vendorId}::uuid FOR UPDATE`;
  if (locked.length === 0) throw new NotFoundError("Vendor", vendorId);
  return (await tx.vendor.findUniqueOrThrow({ where: { id: vendorId } })) as Vendor & { status: KycStatus };
}

export async function recordHistory(
  tx: Tx,
  vendorId: string,
  at: Date,
  actor: Actor,
  action: string,
  note: string | null = null,
): Promise<void> {
  await tx.kycHistory.create({
    data: { id: uuidv7(), vendorId, at, actorKind: actor.kind, actorId: actor.id, action, note },
  });
}

export function publicContactOf(vendor: Pick<Vendor, "contactEmail" | "contactPhone" | "supportUrl">): PublicContact {
  return {
    email: vendor.contactEmail,
    phone: vendor.contactPhone,
    ...(vendor.supportUrl ? { supportUrl: vendor.supportUrl } : {}),
  };
}

/** The bank account as the bank-details events carry it (full IBAN: payout needs it). */
export function bankAccountOf(vendor: Vendor): { iban: string; holderName: string; ibanLast4: string } {
  if (!vendor.bankIban || !vendor.bankHolderName) throw new Error(`vendor ${vendor.id} has no bank account`);
  return { iban: vendor.bankIban, holderName: vendor.bankHolderName, ibanLast4: ibanLast4(vendor.bankIban) };
}

export const isoDate = (date: Date): string => date.toISOString().slice(0, 10);
export const fromIsoDate = (date: string): Date => new Date(`${date}T00:00:00.000Z`);

/** The vendor's people of one kind, in the application's order. */
export function peopleOf(people: KycPerson[], kind: "representative" | "beneficial-owner"): KycPerson[] {
  return people.filter((p) => p.kind === kind).sort((a, b) => a.position - b.position);
}

/** Loads a vendor's whole KYC file as its vendor and the operators see it (404 if none). */
export async function loadVendorKyc(reader: Reader, vendorId: string): Promise<VendorKyc> {
  const vendor = await reader.vendor.findUnique({
    where: { id: vendorId },
    include: {
      people: true,
      documents: { where: { retiredAt: null }, orderBy: { uploadedAt: "asc" } },
      history: { orderBy: [{ at: "asc" }, { id: "asc" }] },
    },
  });
  if (!vendor) throw new NotFoundError("Vendor", vendorId);
  return presentVendorKyc(vendor, vendor.people, vendor.documents, vendor.history);
}

/**
 * Vendors that applied before the KYC workflow never gave an address; the contract requires one,
 * so theirs reads as not given, in the unknown country `ZZ` (ISO 3166 user-assigned, "unknown").
 */
const NOT_GIVEN = "(not given)";
const UNKNOWN_ADDRESS: Address = { line1: NOT_GIVEN, postalCode: NOT_GIVEN, city: NOT_GIVEN, country: "ZZ" };

/** The share capital as given (Money), or null. */
export function shareCapitalOf(vendor: Pick<Vendor, "shareCapital">): { amount: number; currency: string } | null {
  const capital = vendor.shareCapital as { amount: number; currency: string } | null;
  return capital ? { amount: capital.amount, currency: capital.currency } : null;
}

/** The contract's VendorKyc, field by field (never a row as is). */
export function presentVendorKyc(
  vendor: Vendor,
  people: KycPerson[],
  documents: KycDocument[],
  history: KycHistory[],
): VendorKyc {
  const address = (vendor.registeredAddress ?? UNKNOWN_ADDRESS) as Address;
  return {
    id: vendor.id,
    status: vendor.status as KycStatus,
    application: {
      legalName: vendor.legalName,
      registrationNumber: vendor.registrationNumber,
      vatNumber: vendor.vatNumber,
      registeredAddress: {
        line1: address.line1,
        ...(address.line2 ? { line2: address.line2 } : {}),
        postalCode: address.postalCode,
        city: address.city,
        country: address.country,
      },
      legalForm: vendor.legalForm,
      shareCapital: shareCapitalOf(vendor),
      publicContact: publicContactOf(vendor),
      representatives: peopleOf(people, "representative").map((p) => ({
        id: p.id,
        firstName: p.firstName,
        lastName: p.lastName,
        birthDate: isoDate(p.birthDate),
        role: p.role ?? "",
      })),
      beneficialOwners: peopleOf(people, "beneficial-owner").map((p) => ({
        id: p.id,
        firstName: p.firstName,
        lastName: p.lastName,
        birthDate: isoDate(p.birthDate),
        sharePercent: p.sharePercent ?? 0,
      })),
    },
    bankAccount:
      vendor.bankIban && vendor.bankHolderName && vendor.bankStatus && vendor.bankUpdatedAt
        ? {
            ibanMasked: maskIban(vendor.bankIban),
            ibanLast4: ibanLast4(vendor.bankIban),
            holderName: vendor.bankHolderName,
            status: vendor.bankStatus as "unverified" | "verified" | "pending-reverification",
            updatedAt: vendor.bankUpdatedAt.toISOString(),
          }
        : null,
    payoutsOnHold: vendor.payoutsOnHold,
    documents: documents.map(presentDocument),
    checks: (vendor.checks as unknown as KycCheckResult[]).map((c) => ({
      check: c.check,
      passed: c.passed,
      message: c.message,
    })),
    informationRequest: vendor.informationRequest,
    rejectionReason: vendor.rejectionReason,
    history: history.map((h) => ({
      at: h.at.toISOString(),
      actor: { kind: h.actorKind as Actor["kind"], id: h.actorId },
      action: h.action,
      note: h.note,
    })),
    createdAt: vendor.createdAt.toISOString(),
    submittedAt: vendor.submittedAt?.toISOString() ?? null,
    decidedAt: vendor.decidedAt?.toISOString() ?? null,
  };
}

export function presentDocument(document: KycDocument) {
  return {
    id: document.id,
    kind: document.kind as VendorKyc["documents"][number]["kind"],
    personId: document.personId,
    filename: document.filename,
    contentType: document.contentType as VendorKyc["documents"][number]["contentType"],
    sizeBytes: document.sizeBytes,
    sha256: document.sha256,
    issuedOn: document.issuedOn ? isoDate(document.issuedOn) : null,
    uploadedAt: document.uploadedAt.toISOString(),
  };
}
