// The KYC workflow through the service's HTTP API, on real PostgreSQL and NATS.
import { eventually } from "@mkt/testing";
import {
  applicationInput,
  call,
  completeFile,
  createVendor,
  eventsOf,
  OPERATOR,
  startKyc,
  type Kyc,
} from "./support/kyc.js";

let kyc: Kyc;
beforeAll(async () => {
  kyc = await startKyc("kyc_workflow");
});
afterAll(() => kyc?.stop());

describe("an application from draft to approval", () => {
  it("is created as a draft, completed, submitted with every check passing, and approved with its bank account verified", async () => {
    const vendor = await createVendor(kyc);
    expect(vendor).toMatchObject({
      status: "draft",
      application: {
        legalName: "Nuage Souverain SAS",
        registrationNumber: "732 829 320",
        registeredAddress: { country: "FR" },
        legalForm: "SAS",
        shareCapital: { amount: 5_000_000, currency: "EUR" },
      },
      bankAccount: null,
      payoutsOnHold: false,
      documents: [],
      checks: [],
      submittedAt: null,
      history: [{ action: "applied", actor: { kind: "vendor", id: vendor.id } }],
    });
    expect(vendor.application.representatives).toEqual([
      { id: expect.any(String), firstName: "Claire", lastName: "Martin", birthDate: "1980-04-12", role: "Présidente" },
    ]);
    expect(await eventsOf(kyc, vendor.id)).toEqual([]); // a draft publishes nothing

    await completeFile(kyc, vendor);
    const submitted = await call(kyc, "POST", `/vendors/${vendor.id}/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe("submitted");
    expect(submitted.body.checks).toHaveLength(11);
    expect(submitted.body.checks.every((c: { passed: boolean }) => c.passed)).toBe(true);
    expect(submitted.body.documents.map((d: { kind: string }) => d.kind).sort()).toEqual([
      "bank-details",
      "beneficial-owner-id",
      "registry-extract",
      "representative-id",
      "statutes",
    ]);
    expect(submitted.body.bankAccount).toEqual({
      ibanMasked: "FR76 •••• 0189",
      ibanLast4: "0189",
      holderName: "NUAGE SOUVERAIN",
      status: "unverified",
      updatedAt: expect.any(String),
    });
    expect(await eventsOf(kyc, vendor.id)).toEqual([
      {
        type: "vendor.application-submitted",
        data: expect.objectContaining({
          vendorId: vendor.id,
          legalName: "Nuage Souverain SAS",
          submittedAt: submitted.body.submittedAt,
        }),
      },
    ]);

    const reviews = await call(kyc, "GET", "/reviews?limit=100");
    expect(reviews.body.items).toContainEqual(
      expect.objectContaining({ vendorId: vendor.id, status: "submitted", documentCount: 5, payoutsOnHold: false }),
    );

    const approved = await call(kyc, "POST", `/vendors/${vendor.id}/approve`, {
      operatorId: OPERATOR,
      note: "all good",
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: "approved",
      bankAccount: { status: "verified" },
      payoutsOnHold: false,
      decidedAt: expect.any(String),
    });
    expect(approved.body.history.map((h: { action: string }) => h.action)).toEqual([
      "applied",
      "document-uploaded",
      "document-uploaded",
      "document-uploaded",
      "document-uploaded",
      "document-uploaded",
      "bank-details-changed",
      "submitted",
      "approved",
    ]);
    expect(approved.body.history.at(-1)).toMatchObject({ actor: { kind: "operator", id: OPERATOR }, note: "all good" });

    const events = await eventsOf(kyc, vendor.id);
    expect(events.map((e) => e.type).sort()).toEqual([
      "vendor.application-submitted",
      "vendor.approved",
      "vendor.bank-details-verified",
    ]);
    // The approval carries the identity the vendor's invoices will print.
    expect(events.find((e) => e.type === "vendor.approved")?.data).toMatchObject({
      vendorId: vendor.id,
      registrationNumber: "732 829 320", // as the company wrote it
      vatNumber: expect.stringMatching(/^FR\d{11}$/),
      registeredAddress: expect.objectContaining({ country: "FR" }),
      legalForm: "SAS",
      shareCapital: { amount: 5_000_000, currency: "EUR" },
    });
    // The first verification, said so: not news to the vendor (the approval email tells it).
    expect(events.find((e) => e.type === "vendor.bank-details-verified")?.data).toMatchObject({
      vendorId: vendor.id,
      bankAccount: { iban: "FR7630006000011234567890189", holderName: "NUAGE SOUVERAIN", ibanLast4: "0189" },
      reason: "approval",
    });
    // …and the relay puts them on the bus.
    await eventually(async () => {
      const [row] = await kyc.service.database.query<{ unpublished: string }>(
        "SELECT count(*) AS unpublished FROM outbox_event WHERE published_at IS NULL AND payload->'data'->>'vendorId' = $1",
        [vendor.id],
      );
      expect(Number(row?.unpublished)).toBe(0);
    });
  });
});

describe("creating an application", () => {
  it("answers the same vendor for the same Idempotency-Key", async () => {
    const headers = { "idempotency-key": `applicant-${Date.now()}` };
    const first = await call(kyc, "POST", "/vendors", applicationInput(), headers);
    const again = await call(kyc, "POST", "/vendors", applicationInput({ legalName: "Another Name SAS" }), headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.application.legalName).toBe("Nuage Souverain SAS");
  });

  it("creates one vendor when the same key arrives several times at once", async () => {
    const headers = { "idempotency-key": `racer-${Date.now()}` };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => call(kyc, "POST", "/vendors", applicationInput(), headers)),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    const rows = await kyc.service.database.query("SELECT id FROM vendor WHERE idempotency_key = $1", [
      headers["idempotency-key"],
    ]);
    expect(rows).toHaveLength(1);
  });

  it("requires the Idempotency-Key", async () => {
    const answer = await call(kyc, "POST", "/vendors", applicationInput());
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ path: "headers.idempotency-key" })]);
  });

  it("keeps the legal form and share capital optional, and refuses a share capital that is not positive", async () => {
    const headers = (name: string) => ({ "idempotency-key": `${name}-${process.pid}-${Date.now()}` });
    const without = await call(
      kyc,
      "POST",
      "/vendors",
      applicationInput({ legalForm: undefined, shareCapital: undefined }),
      headers("no-capital"),
    );
    expect(without.status).toBe(201);
    expect(without.body.application).toMatchObject({ legalForm: null, shareCapital: null });

    const negative = await call(
      kyc,
      "POST",
      "/vendors",
      applicationInput({ shareCapital: { amount: -100, currency: "EUR" }, legalForm: "" }),
      headers("bad-capital"),
    );
    expect(negative.status).toBe(400);
    expect(negative.headers.get("content-type")).toContain("application/problem+json");
    expect(negative.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "shareCapital.amount", message: "a share capital is positive" }),
        expect.objectContaining({ path: "legalForm" }),
      ]),
    );
  });
});

describe("an operator's review", () => {
  it("asks for information, the applicant updates and resubmits, and the operator rejects with a reason", async () => {
    const vendor = await createVendor(kyc);
    await completeFile(kyc, vendor);
    expect((await call(kyc, "POST", `/vendors/${vendor.id}/submit`)).status).toBe(200);

    const asked = await call(kyc, "POST", `/vendors/${vendor.id}/request-info`, {
      operatorId: OPERATOR,
      message: "Please add the second owner.",
    });
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({
      status: "information-requested",
      informationRequest: "Please add the second owner.",
    });

    const [claire] = vendor.application.representatives;
    const [paul] = vendor.application.beneficialOwners;
    const updated = await call(kyc, "PATCH", `/vendors/${vendor.id}`, {
      representatives: [{ ...claire }],
      beneficialOwners: [
        { id: paul.id, firstName: "Paul", lastName: "Durand", birthDate: "1975-09-30", sharePercent: 50 },
        { firstName: "Léa", lastName: "Petit", birthDate: "1990-01-15", sharePercent: 30 },
      ],
    });
    expect(updated.status).toBe(200);
    const owners = updated.body.application.beneficialOwners;
    expect(owners).toEqual([
      { id: paul.id, firstName: "Paul", lastName: "Durand", birthDate: "1975-09-30", sharePercent: 50 },
      { id: expect.any(String), firstName: "Léa", lastName: "Petit", birthDate: "1990-01-15", sharePercent: 30 },
    ]);

    // Léa has no ID document yet: the resubmission is refused and names her.
    const refused = await call(kyc, "POST", `/vendors/${vendor.id}/submit`);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      type: "/problems/kyc-checks-failed",
      errors: [
        {
          path: "documents.beneficial-owner-id",
          message: "an ID document is missing for the beneficial owner Léa Petit",
        },
      ],
    });
    const { upload, png } = await import("./support/kyc.js");
    expect((await upload(kyc, vendor.id, { kind: "beneficial-owner-id", personId: owners[1].id }, png())).status).toBe(
      201,
    );

    const resubmitted = await call(kyc, "POST", `/vendors/${vendor.id}/submit`);
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body).toMatchObject({ status: "resubmitted", informationRequest: null });

    const rejected = await call(kyc, "POST", `/vendors/${vendor.id}/reject`, {
      operatorId: OPERATOR,
      reason: "The statutes do not match the registry extract.",
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      status: "rejected",
      rejectionReason: "The statutes do not match the registry extract.",
    });
    expect(rejected.body.history.map((h: { action: string }) => h.action).slice(-4)).toEqual([
      "updated",
      "document-uploaded",
      "resubmitted",
      "rejected",
    ]);

    const events = await eventsOf(kyc, vendor.id);
    expect(events.map((e) => e.type)).toEqual([
      "vendor.application-submitted",
      "vendor.information-requested",
      "vendor.application-submitted",
      "vendor.rejected",
    ]);
    expect(events[1]?.data).toMatchObject({ message: "Please add the second owner." });
    expect(events[3]?.data).toMatchObject({ reason: "The statutes do not match the registry extract." });

    // A rejection is final.
    const again = await call(kyc, "PATCH", `/vendors/${vendor.id}`, { vatNumber: "FR44732829320" });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ type: "/problems/application-not-editable", applicationStatus: "rejected" });
  });

  it("refuses to decide an application that is not submitted, or to edit one under review", async () => {
    const vendor = await createVendor(kyc);
    const early = await call(kyc, "POST", `/vendors/${vendor.id}/approve`, { operatorId: OPERATOR });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({
      type: "/problems/vendor-not-reviewable",
      detail: "The application cannot be approved: it has not been submitted yet.",
      applicationStatus: "draft",
    });

    await completeFile(kyc, vendor);
    await call(kyc, "POST", `/vendors/${vendor.id}/submit`);
    const edit = await call(kyc, "PATCH", `/vendors/${vendor.id}`, { legalName: "Nuage SAS" });
    expect(edit.status).toBe(409);
    expect(edit.body).toMatchObject({
      type: "/problems/application-not-editable",
      detail: "The application cannot be changed: it is waiting for an operator's review.",
    });
    expect((await call(kyc, "POST", `/vendors/${vendor.id}/submit`)).status).toBe(409);
  });

  it("applies one of two concurrent approvals and answers 409 to the other", async () => {
    const vendor = await createVendor(kyc);
    await completeFile(kyc, vendor);
    await call(kyc, "POST", `/vendors/${vendor.id}/submit`);
    const answers = await Promise.all([
      call(kyc, "POST", `/vendors/${vendor.id}/approve`, { operatorId: "operator-a" }),
      call(kyc, "POST", `/vendors/${vendor.id}/approve`, { operatorId: "operator-b" }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)?.body).toMatchObject({
      type: "/problems/vendor-not-reviewable",
      detail: "The application cannot be approved: it is already approved.",
    });
    const events = await eventsOf(kyc, vendor.id);
    expect(events.filter((e) => e.type === "vendor.approved")).toHaveLength(1);
  });

  it("answers 404 for a vendor that does not exist", async () => {
    const answer = await call(kyc, "GET", "/vendors/0195f0a0-0000-7000-8000-00000000abcd");
    expect(answer.status).toBe(404);
    expect(answer.body.type).toBe("/problems/not-found");
  });
});

describe("an approved vendor", () => {
  async function approvedVendor() {
    const vendor = await createVendor(kyc);
    await completeFile(kyc, vendor);
    await call(kyc, "POST", `/vendors/${vendor.id}/submit`);
    const approved = await call(kyc, "POST", `/vendors/${vendor.id}/approve`, { operatorId: OPERATOR });
    return approved.body;
  }

  it("changes its public contact, which publishes vendor.contact-updated", async () => {
    const vendor = await approvedVendor();
    const contact = { email: "support@nuage.example", phone: "+33 1 84 00 00 01" };
    const answer = await call(kyc, "PATCH", `/vendors/${vendor.id}`, {
      publicContact: contact,
      legalName: vendor.application.legalName,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.application.publicContact).toEqual(contact);
    expect(answer.body.history.at(-1)).toMatchObject({ action: "contact-updated" });
    const events = await eventsOf(kyc, vendor.id);
    expect(events.at(-1)).toEqual({
      type: "vendor.contact-updated",
      data: expect.objectContaining({ vendorId: vendor.id, publicContact: contact }),
    });
  });

  it("cannot change its legal name, nor anything but its public contact", async () => {
    const vendor = await approvedVendor();
    const rename = await call(kyc, "PATCH", `/vendors/${vendor.id}`, { legalName: "Nuage Renommé SAS" });
    expect(rename.status).toBe(409);
    expect(rename.body).toMatchObject({ type: "/problems/legal-name-locked" });
    const vat = await call(kyc, "PATCH", `/vendors/${vendor.id}`, { vatNumber: "FR40303265045" });
    expect(vat.status).toBe(409);
    expect(vat.body).toMatchObject({
      type: "/problems/application-not-editable",
      detail: "Once approved, only the public contact may change; vatNumber cannot.",
    });
  });

  it("puts payouts on hold when its bank account changes, until an operator verifies the new one", async () => {
    const vendor = await approvedVendor();
    const changed = await call(kyc, "PUT", `/vendors/${vendor.id}/bank-account`, {
      iban: "DE89 3704 0044 0532 0130 00",
      holderName: "Nuage Souverain",
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      status: "approved",
      payoutsOnHold: true,
      bankAccount: { status: "pending-reverification", ibanLast4: "3000" },
    });
    expect((await eventsOf(kyc, vendor.id)).at(-1)).toEqual({
      type: "vendor.bank-details-changed",
      data: expect.objectContaining({
        bankAccount: { iban: "DE89370400440532013000", holderName: "Nuage Souverain", ibanLast4: "3000" },
      }),
    });
    const onHold = await call(kyc, "GET", "/reviews?status=approved&payoutsOnHold=true&limit=100");
    expect(onHold.body.items.map((i: { vendorId: string }) => i.vendorId)).toContain(vendor.id);

    const verified = await call(kyc, "POST", `/vendors/${vendor.id}/bank-account/verify`, { operatorId: OPERATOR });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ payoutsOnHold: false, bankAccount: { status: "verified" } });
    expect((await eventsOf(kyc, vendor.id)).at(-1)).toEqual({
      type: "vendor.bank-details-verified",
      // A re-verification, said so: it lifts the hold the change put on payouts.
      data: expect.objectContaining({
        bankAccount: expect.objectContaining({ iban: "DE89370400440532013000" }),
        reason: "bank-details-change",
      }),
    });
    const twice = await call(kyc, "POST", `/vendors/${vendor.id}/bank-account/verify`, { operatorId: OPERATOR });
    expect(twice.status).toBe(409);
    expect(twice.body.type).toBe("/problems/bank-account-not-pending");
  });
});

describe("the list of reviews", () => {
  it("pages through the applications waiting for a decision, oldest submission first", async () => {
    const first = await createVendor(kyc);
    await completeFile(kyc, first);
    await call(kyc, "POST", `/vendors/${first.id}/submit`);
    kyc.clock.advanceBy(60_000);
    const second = await createVendor(kyc);
    await completeFile(kyc, second);
    await call(kyc, "POST", `/vendors/${second.id}/submit`);

    const ids: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const page: { body: { items: { vendorId: string; status: string }[]; nextCursor: string | null } } = await call(
        kyc,
        "GET",
        `/reviews?limit=1${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(page.body.items.length).toBeLessThanOrEqual(1);
      for (const item of page.body.items) {
        expect(["submitted", "resubmitted"]).toContain(item.status);
        ids.push(item.vendorId);
      }
      cursor = page.body.nextCursor;
      if (!cursor) break;
    }
    expect(cursor).toBeNull();
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
    expect(ids.indexOf(first.id)).toBeGreaterThanOrEqual(0);
  });
});
