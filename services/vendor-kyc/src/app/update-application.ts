import { uuidv7, ValidationError } from "@mkt/service-kit";
import { VendorContactUpdatedV1, type FieldIssue, type VendorApplicationInput, type VendorKyc } from "@mkt/contracts";
import { isEditable, TransitionRefused } from "../domain/workflow.js";
import type { Actor, VendorKycDeps } from "./deps.js";
import { legalNameLocked, notEditable, refused } from "./errors.js";
import {
  fromIsoDate,
  loadVendorKyc,
  lockVendor,
  peopleOf,
  publicContactOf,
  recordHistory,
  type Tx,
} from "./vendor-record.js";

export type ApplicationChanges = Partial<VendorApplicationInput>;

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Saga step vendor-onboarding.2 (docs/sagas/vendor-onboarding.md): completing the file.
 *
 * Changes the application while it is a draft or waits for information. Once approved, only the
 * public contact may change (vendor.contact-updated tells the catalog and the emails); the legal
 * name is then fixed (409 `legal-name-locked`). Fields sent unchanged are not changes, so a
 * client may send the whole application back.
 */
export async function updateApplication(
  { db, clock, outbox }: VendorKycDeps,
  vendorId: string,
  changes: ApplicationChanges,
  actor: Actor,
): Promise<VendorKyc> {
  await db.transaction(async (tx) => {
    const vendor = await lockVendor(tx, vendorId);
    const now = clock.now();
    const current = await loadVendorKyc(tx, vendorId);
    const contactChanged =
      changes.publicContact !== undefined &&
      !sameJson(normalizeContact(changes.publicContact), current.application.publicContact);

    if (vendor.status === "approved") {
      if (changes.legalName !== undefined && changes.legalName !== vendor.legalName) {
        throw legalNameLocked(vendor.legalName, vendor.status);
      }
      const others = otherChangedFields(changes, current);
      if (others.length > 0) {
        throw notEditable(
          `Once approved, only the public contact may change; ${others.join(", ")} cannot.`,
          vendor.status,
        );
      }
      if (!contactChanged) return;
      const contact = changes.publicContact!;
      const updated = await tx.vendor.update({
        where: { id: vendorId },
        data: { contactEmail: contact.email, contactPhone: contact.phone, supportUrl: contact.supportUrl ?? null },
      });
      await recordHistory(tx, vendorId, now, actor, "contact-updated");
      await outbox.add(tx, VendorContactUpdatedV1, {
        vendorId,
        legalName: updated.legalName,
        publicContact: publicContactOf(updated),
        updatedAt: now.toISOString(),
      });
      return;
    }

    if (!isEditable(vendor.status)) throw refused(new TransitionRefused(vendor.status, "edit"));
    await tx.vendor.update({
      where: { id: vendorId },
      data: {
        ...(changes.legalName !== undefined ? { legalName: changes.legalName } : {}),
        ...(changes.registrationNumber !== undefined ? { registrationNumber: changes.registrationNumber } : {}),
        ...(changes.vatNumber !== undefined ? { vatNumber: changes.vatNumber } : {}),
        ...(changes.registeredAddress !== undefined ? { registeredAddress: { ...changes.registeredAddress } } : {}),
        ...(changes.legalForm !== undefined ? { legalForm: changes.legalForm } : {}),
        ...(changes.shareCapital !== undefined ? { shareCapital: { ...changes.shareCapital } } : {}),
        ...(changes.publicContact !== undefined
          ? {
              contactEmail: changes.publicContact.email,
              contactPhone: changes.publicContact.phone,
              supportUrl: changes.publicContact.supportUrl ?? null,
            }
          : {}),
      },
    });
    const issues: FieldIssue[] = [];
    if (changes.representatives)
      issues.push(...(await replacePeople(tx, vendorId, "representative", changes.representatives, now)));
    if (changes.beneficialOwners)
      issues.push(...(await replacePeople(tx, vendorId, "beneficial-owner", changes.beneficialOwners, now)));
    if (issues.length > 0) throw new ValidationError(issues);
    await recordHistory(
      tx,
      vendorId,
      now,
      actor,
      "updated",
      `changed: ${Object.keys(changes).join(", ") || "nothing"}`,
    );
  });
  return loadVendorKyc(db.client, vendorId);
}

function normalizeContact(contact: VendorApplicationInput["publicContact"]) {
  return {
    email: contact.email,
    phone: contact.phone,
    ...(contact.supportUrl ? { supportUrl: contact.supportUrl } : {}),
  };
}

/** The fields other than the public contact that the changes would really change. */
function otherChangedFields(changes: ApplicationChanges, current: VendorKyc): string[] {
  const app = current.application;
  const changed: string[] = [];
  if (changes.registrationNumber !== undefined && changes.registrationNumber !== app.registrationNumber)
    changed.push("registrationNumber");
  if (changes.vatNumber !== undefined && changes.vatNumber !== app.vatNumber) changed.push("vatNumber");
  if (
    changes.registeredAddress !== undefined &&
    !sameJson(sortKeys(changes.registeredAddress), sortKeys(app.registeredAddress))
  )
    changed.push("registeredAddress");
  if (changes.legalForm !== undefined && changes.legalForm !== app.legalForm) changed.push("legalForm");
  if (
    changes.shareCapital !== undefined &&
    (app.shareCapital === null || !sameJson(sortKeys(changes.shareCapital), sortKeys(app.shareCapital)))
  )
    changed.push("shareCapital");
  const person = (p: { firstName: string; lastName: string; birthDate: string }, extra: unknown) => [
    p.firstName,
    p.lastName,
    p.birthDate,
    extra,
  ];
  if (
    changes.representatives !== undefined &&
    !sameJson(
      changes.representatives.map((p) => person(p, p.role)),
      app.representatives.map((p) => person(p, p.role)),
    )
  ) {
    changed.push("representatives");
  }
  if (
    changes.beneficialOwners !== undefined &&
    !sameJson(
      changes.beneficialOwners.map((p) => person(p, p.sharePercent)),
      app.beneficialOwners.map((p) => person(p, p.sharePercent)),
    )
  ) {
    changed.push("beneficialOwners");
  }
  return changed;
}

function sortKeys(value: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

type PersonInput =
  VendorApplicationInput["representatives"][number] | VendorApplicationInput["beneficialOwners"][number];

/**
 * Replaces the list of representatives or owners. A person sent with its `id` is kept (with its
 * ID document); one without is new; one left out is removed, and its ID document retired.
 */
async function replacePeople(
  tx: Tx,
  vendorId: string,
  kind: "representative" | "beneficial-owner",
  people: PersonInput[],
  now: Date,
): Promise<FieldIssue[]> {
  const field = kind === "representative" ? "representatives" : "beneficialOwners";
  const existing = peopleOf(await tx.kycPerson.findMany({ where: { vendorId, kind } }), kind);
  const known = new Set(existing.map((p) => p.id));
  const issues: FieldIssue[] = [];
  const kept = new Set<string>();
  for (const [position, person] of people.entries()) {
    const data = {
      position,
      firstName: person.firstName,
      lastName: person.lastName,
      birthDate: fromIsoDate(person.birthDate),
      role: "role" in person ? person.role : null,
      sharePercent: "sharePercent" in person ? person.sharePercent : null,
    };
    if (person.id !== undefined) {
      if (!known.has(person.id) || kept.has(person.id)) {
        issues.push({
          path: `${field}.${position}.id`,
          message: `this application has no ${kind === "representative" ? "representative" : "beneficial owner"} ${person.id} (leave id out for a new person)`,
        });
        continue;
      }
      kept.add(person.id);
      await tx.kycPerson.update({ where: { id: person.id }, data });
    } else {
      await tx.kycPerson.create({ data: { id: uuidv7(), vendorId, kind, ...data } });
    }
  }
  const removed = existing.filter((p) => !kept.has(p.id)).map((p) => p.id);
  if (removed.length > 0) {
    await tx.kycDocument.updateMany({
      where: { vendorId, personId: { in: removed }, retiredAt: null },
      data: { retiredAt: now, retiredReason: "person-removed" },
    });
    await tx.kycPerson.deleteMany({ where: { id: { in: removed } } });
  }
  return issues;
}
