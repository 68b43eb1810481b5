// Each precise refusal of an applicant's file: at SetBankAccount at once, at submission as a 422 naming each failed
// check.
import { call, completeFile, createVendor, startKyc, type Kyc } from "./support/kyc.js";

let kyc: Kyc;
beforeAll(async () => {
  kyc = await startKyc("kyc_submission");
});
afterAll(() => kyc?.stop());

const setBank = (vendorId: string, iban: string, holderName = "Nuage Souverain SAS") =>
  call(kyc, "PUT", `/vendors/${vendorId}/bank-account`, { iban, holderName });

describe("setting the bank account", () => {
  it("stores a valid IBAN in electronic format and shows it masked", async () => {
    const vendor = await createVendor(kyc);
    const answer = await setBank(vendor.id, "fr76 3000 6000 0112 3456 7890 189");
    expect(answer.status).toBe(200);
    expect(answer.body.bankAccount).toMatchObject({
      ibanMasked: "FR76 •••• 0189",
      ibanLast4: "0189",
      status: "unverified",
    });
    const [row] = await kyc.service.database.query<{ bank_iban: string }>(
      "SELECT bank_iban FROM vendor WHERE id = $1",
      [vendor.id],
    );
    expect(row?.bank_iban).toBe("FR7630006000011234567890189");
  });

  it.each([
    ["FR76 3000 6000 0112 3456 7890 18", "a FR IBAN has 27 characters; this one has 26"],
    ["FR76 3000 6000 0112 3456 7890 188", "the check digits are wrong (one character is probably mistyped)"],
    ["ZZ76 3000 6000 0112 3456 7890 189", '"ZZ" is not a country that uses IBANs'],
  ])("refuses the IBAN %s, saying why", async (iban, message) => {
    const vendor = await createVendor(kyc);
    const answer = await setBank(vendor.id, iban);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ type: "/problems/validation", errors: [{ path: "iban", message }] });
    expect((await call(kyc, "GET", `/vendors/${vendor.id}`)).body.bankAccount).toBeNull();
  });

  it("refuses an account in another name than the company's", async () => {
    const vendor = await createVendor(kyc);
    const answer = await setBank(vendor.id, "FR7630006000011234567890189", "Claire Martin");
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      {
        path: "holderName",
        message: 'the account holder "Claire Martin" does not match the company\'s legal name "Nuage Souverain SAS"',
      },
    ]);
  });
});

describe("submitting an application", () => {
  it("refuses an incomplete file with one error per failed check, saves the checks, and leaves it a draft", async () => {
    const vendor = await createVendor(kyc);
    const answer = await call(kyc, "POST", `/vendors/${vendor.id}/submit`);
    expect(answer.status).toBe(422);
    expect(answer.body.type).toBe("/problems/kyc-checks-failed");
    expect(answer.body.errors).toEqual([
      {
        path: "documents.representative-id",
        message: "an ID document is missing for the legal representative Claire Martin",
      },
      {
        path: "documents.beneficial-owner-id",
        message: "an ID document is missing for the beneficial owner Paul Durand",
      },
      {
        path: "documents.registry-extract",
        message: "the company registry extract (Kbis) is missing: upload it as a `registry-extract` document",
      },
      {
        path: "documents.bank-details",
        message: "the bank details document (RIB) is missing: upload it as a `bank-details` document",
      },
      {
        path: "documents.statutes",
        message: "the copy of the company statutes is missing: upload it as a `statutes` document",
      },
      { path: "registry-extract.age", message: "the registry extract's age cannot be checked: none was uploaded" },
      { path: "bank-account.iban", message: "no bank account is set: give the company's IBAN" },
      { path: "bank-account.holder-name", message: "no bank account is set: give the account holder's name" },
    ]);
    const file = (await call(kyc, "GET", `/vendors/${vendor.id}`)).body;
    expect(file.status).toBe("draft");
    expect(file.submittedAt).toBeNull();
    expect(file.checks).toHaveLength(11);
    expect(file.checks.filter((c: { passed: boolean }) => !c.passed)).toHaveLength(8);
    const events = await kyc.service.database.query(
      "SELECT id FROM outbox_event WHERE payload->'data'->>'vendorId' = $1",
      [vendor.id],
    );
    expect(events).toEqual([]);
  });

  it("accepts a registry extract the day before it is 3 months old, and refuses it on that day", async () => {
    const vendor = await createVendor(kyc);
    await completeFile(kyc, vendor, { issuedOn: "2026-08-25" }); // today is 2026-11-24 in Paris
    kyc.clock.set(new Date("2026-11-24T22:59:00Z")); // 23:59 in Paris, still the 24th
    const dayBefore = await call(kyc, "POST", `/vendors/${vendor.id}/submit`);
    expect(dayBefore.status).toBe(200);

    const late = await createVendor(kyc);
    await completeFile(kyc, late, { issuedOn: "2026-08-25" });
    kyc.clock.set(new Date("2026-11-24T23:01:00Z")); // 00:01 on the 25th in Paris
    const onTheDay = await call(kyc, "POST", `/vendors/${late.id}/submit`);
    expect(onTheDay.status).toBe(422);
    expect(onTheDay.body.errors).toEqual([
      {
        path: "registry-extract.age",
        message:
          "the registry extract was issued on 2026-08-25, 3 months or more before 2026-11-25: upload one issued after 2026-08-25",
      },
    ]);
  });

  it("refuses a mistyped SIREN and a VAT number of another company", async () => {
    const vendor = await createVendor(kyc, { registrationNumber: "732829321", vatNumber: "FR40303265045" });
    await completeFile(kyc, vendor);
    const answer = await call(kyc, "POST", `/vendors/${vendor.id}/submit`);
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual([
      {
        path: "registration-number",
        message: "the SIREN 732829321 is not valid (its checksum is wrong): check for a mistyped digit",
      },
      {
        path: "vat-number",
        message: "the VAT number FR40303265045 belongs to SIREN 303265045, not to the company's SIREN 732829321",
      },
    ]);
  });

  it("refuses owners holding more than the whole company", async () => {
    const vendor = await createVendor(kyc, {
      beneficialOwners: [
        { firstName: "Paul", lastName: "Durand", birthDate: "1975-09-30", sharePercent: 60 },
        { firstName: "Léa", lastName: "Petit", birthDate: "1990-01-15", sharePercent: 50 },
      ],
    });
    await completeFile(kyc, vendor);
    const answer = await call(kyc, "POST", `/vendors/${vendor.id}/submit`);
    expect(answer.body.errors).toEqual([
      { path: "beneficial-owners.shares", message: "the beneficial owners' shares add up to 110%, more than 100%" },
    ]);
  });

  it("re-checks the holder name when the legal name changed after the bank account was set", async () => {
    const vendor = await createVendor(kyc);
    await completeFile(kyc, vendor);
    expect((await call(kyc, "PATCH", `/vendors/${vendor.id}`, { legalName: "Altocumulus SARL" })).status).toBe(200);
    const answer = await call(kyc, "POST", `/vendors/${vendor.id}/submit`);
    expect(answer.body.errors).toEqual([
      {
        path: "bank-account.holder-name",
        message: 'the account holder "NUAGE SOUVERAIN" does not match the company\'s legal name "Altocumulus SARL"',
      },
    ]);
  });
});
