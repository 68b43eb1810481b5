import { checkOwnerShares, runSubmissionChecks, type ApplicationSnapshot } from "./checks.js";

const REP = "0195f0a0-0000-7000-8000-000000000001";
const OWNER = "0195f0a0-0000-7000-8000-000000000002";
const OWNER2 = "0195f0a0-0000-7000-8000-000000000003";

function complete(): ApplicationSnapshot {
  return {
    legalName: "Nuage Souverain SAS",
    registrationNumber: "732 829 320",
    vatNumber: "FR44732829320",
    country: "FR",
    representatives: [{ id: REP, firstName: "Claire", lastName: "Martin" }],
    beneficialOwners: [{ id: OWNER, firstName: "Paul", lastName: "Durand", sharePercent: 60 }],
    documents: [
      { kind: "representative-id", personId: REP, issuedOn: null },
      { kind: "beneficial-owner-id", personId: OWNER, issuedOn: null },
      { kind: "registry-extract", personId: null, issuedOn: "2026-10-01" },
      { kind: "bank-details", personId: null, issuedOn: null },
      { kind: "statutes", personId: null, issuedOn: null },
    ],
    bankAccount: { iban: "FR7630006000011234567890189", holderName: "NUAGE SOUVERAIN" },
  };
}
const at = new Date("2026-11-24T10:00:00Z");
const failed = (application: ApplicationSnapshot) => runSubmissionChecks(application, at).filter((c) => !c.passed);

describe("the checks of a submission", () => {
  it("all pass for a complete, consistent file, each reported", () => {
    const checks = runSubmissionChecks(complete(), at);
    expect(checks.map((c) => c.check)).toEqual([
      "documents.representative-id",
      "documents.beneficial-owner-id",
      "documents.registry-extract",
      "documents.bank-details",
      "documents.statutes",
      "registry-extract.age",
      "bank-account.iban",
      "bank-account.holder-name",
      "registration-number",
      "vat-number",
      "beneficial-owners.shares",
    ]);
    expect(checks.every((c) => c.passed)).toBe(true);
  });

  it("name each person whose ID document is missing", () => {
    const application = complete();
    application.beneficialOwners.push({ id: OWNER2, firstName: "Léa", lastName: "Petit", sharePercent: 30 });
    application.documents = application.documents.filter((d) => d.kind !== "representative-id");
    expect(failed(application)).toEqual([
      {
        check: "documents.representative-id",
        passed: false,
        message: "an ID document is missing for the legal representative Claire Martin",
      },
      {
        check: "documents.beneficial-owner-id",
        passed: false,
        message: "an ID document is missing for the beneficial owner Léa Petit",
      },
    ]);
  });

  it("do not count another person's ID document", () => {
    const application = complete();
    application.documents = application.documents.map((d) =>
      d.kind === "representative-id" ? { ...d, personId: OWNER2 } : d,
    );
    expect(failed(application).map((c) => c.check)).toEqual(["documents.representative-id"]);
  });

  it("require the registry extract, bank details and statutes", () => {
    const application = complete();
    application.documents = application.documents.filter((d) => d.personId !== null);
    expect(failed(application)).toEqual([
      {
        check: "documents.registry-extract",
        passed: false,
        message: "the company registry extract (Kbis) is missing: upload it as a `registry-extract` document",
      },
      {
        check: "documents.bank-details",
        passed: false,
        message: "the bank details document (RIB) is missing: upload it as a `bank-details` document",
      },
      {
        check: "documents.statutes",
        passed: false,
        message: "the copy of the company statutes is missing: upload it as a `statutes` document",
      },
      {
        check: "registry-extract.age",
        passed: false,
        message: "the registry extract's age cannot be checked: none was uploaded",
      },
    ]);
  });

  it("refuse a registry extract 3 months old", () => {
    const application = complete();
    application.documents = application.documents.map((d) =>
      d.kind === "registry-extract" ? { ...d, issuedOn: "2026-08-24" } : d,
    );
    expect(failed(application).map((c) => c.check)).toEqual(["registry-extract.age"]);
  });

  it("require a bank account with a valid IBAN in the company's name", () => {
    expect(failed({ ...complete(), bankAccount: null }).map((c) => c.check)).toEqual([
      "bank-account.iban",
      "bank-account.holder-name",
    ]);
    expect(
      failed({ ...complete(), bankAccount: { iban: "FR7630006000011234567890188", holderName: "Jean Dupont" } }),
    ).toEqual([
      {
        check: "bank-account.iban",
        passed: false,
        message: "the IBAN is not valid: the check digits are wrong (one character is probably mistyped)",
      },
      {
        check: "bank-account.holder-name",
        passed: false,
        message: 'the account holder "Jean Dupont" does not match the company\'s legal name "Nuage Souverain SAS"',
      },
    ]);
  });

  it("check the registration and VAT numbers", () => {
    expect(
      failed({ ...complete(), registrationNumber: "732829321", vatNumber: "FR40303265045" }).map((c) => c.check),
    ).toEqual(["registration-number", "vat-number"]);
  });
});

describe("the beneficial owners' shares", () => {
  it("may add up to 100% exactly, in hundredths", () => {
    expect(checkOwnerShares([{ sharePercent: 33.33 }, { sharePercent: 33.33 }, { sharePercent: 33.34 }]).passed).toBe(
      true,
    );
  });

  it("may not exceed 100%", () => {
    expect(checkOwnerShares([{ sharePercent: 60 }, { sharePercent: 50 }])).toEqual({
      check: "beneficial-owners.shares",
      passed: false,
      message: "the beneficial owners' shares add up to 110%, more than 100%",
    });
  });
});
