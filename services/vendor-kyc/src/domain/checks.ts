import type { KycDocumentKind } from "@mkt/contracts";
import { checkHolderName } from "./holder-name.js";
import { checkIban } from "./iban.js";
import { checkRegistrationNumber, checkVatNumber } from "./registration.js";
import { checkRegistryExtractAge } from "./registry-extract.js";

/** One automatic check of a submission; `check` names it (it is the `path` of a failure). */
export interface KycCheckResult {
  check: string;
  passed: boolean;
  message: string;
}

export interface PersonSnapshot {
  id: string;
  firstName: string;
  lastName: string;
}

/** What the checks look at: the application as it stands at submission. */
export interface ApplicationSnapshot {
  legalName: string;
  registrationNumber: string;
  vatNumber: string;
  country: string;
  representatives: PersonSnapshot[];
  beneficialOwners: (PersonSnapshot & { sharePercent: number })[];
  /** The current documents (replaced and deleted ones excluded). */
  documents: { kind: KycDocumentKind; personId: string | null; issuedOn: string | null }[];
  bankAccount: { iban: string; holderName: string } | null;
}

const fullName = (person: PersonSnapshot) => `${person.firstName} ${person.lastName}`;
const pass = (check: string, message: string): KycCheckResult => ({ check, passed: true, message });
const fail = (check: string, message: string): KycCheckResult => ({ check, passed: false, message });

/**
 * Every document the file needs: one ID per representative and per beneficial owner, and one of each company document.
 */
export function checkRequiredDocuments(application: ApplicationSnapshot): KycCheckResult[] {
  const has = (kind: KycDocumentKind, personId: string | null = null) =>
    application.documents.some((d) => d.kind === kind && d.personId === personId);
  const personIds = (kind: KycDocumentKind, people: PersonSnapshot[], who: string, check: string) => {
    const missing = people.filter((person) => !has(kind, person.id));
    return missing.length === 0
      ? pass(check, `every ${who} has an ID document`)
      : fail(
          check,
          `an ID document is missing for the ${who}${missing.length > 1 ? "s" : ""} ${missing.map(fullName).join(", ")}`,
        );
  };
  const company = (kind: KycDocumentKind, what: string) =>
    has(kind)
      ? pass(`documents.${kind}`, `the ${what} is present`)
      : fail(`documents.${kind}`, `the ${what} is missing: upload it as a \`${kind}\` document`);
  return [
    personIds("representative-id", application.representatives, "legal representative", "documents.representative-id"),
    personIds("beneficial-owner-id", application.beneficialOwners, "beneficial owner", "documents.beneficial-owner-id"),
    company("registry-extract", "company registry extract (Kbis)"),
    company("bank-details", "bank details document (RIB)"),
    company("statutes", "copy of the company statutes"),
  ];
}

/** The beneficial owners' shares cannot add up to more than the whole company. */
export function checkOwnerShares(owners: { sharePercent: number }[]): KycCheckResult {
  // Compared in hundredths of a percent, so 33.33 + 33.33 + 33.34 is exactly 100.
  const total = owners.reduce((sum, owner) => sum + Math.round(owner.sharePercent * 100), 0);
  return total <= 10_000
    ? pass("beneficial-owners.shares", `the beneficial owners hold ${total / 100}% in total`)
    : fail("beneficial-owners.shares", `the beneficial owners' shares add up to ${total / 100}%, more than 100%`);
}

/**
 * Every automatic check of a submission, all of them run, in a fixed order. The application may
 * be submitted only if every one passed.
 */
export function runSubmissionChecks(application: ApplicationSnapshot, submittedAt: Date): KycCheckResult[] {
  const checks = checkRequiredDocuments(application);

  const extract = application.documents.find((d) => d.kind === "registry-extract");
  if (!extract)
    checks.push(fail("registry-extract.age", "the registry extract's age cannot be checked: none was uploaded"));
  else if (!extract.issuedOn)
    checks.push(
      fail("registry-extract.age", "the registry extract has no issue date: upload it again with `issuedOn`"),
    );
  else {
    const age = checkRegistryExtractAge(extract.issuedOn, submittedAt);
    checks.push(age.ok ? pass("registry-extract.age", age.message) : fail("registry-extract.age", age.message));
  }

  const bank = application.bankAccount;
  if (!bank) {
    checks.push(fail("bank-account.iban", "no bank account is set: give the company's IBAN"));
    checks.push(fail("bank-account.holder-name", "no bank account is set: give the account holder's name"));
  } else {
    const iban = checkIban(bank.iban);
    checks.push(
      iban.ok
        ? pass("bank-account.iban", "the IBAN is valid")
        : fail("bank-account.iban", `the IBAN is not valid: ${iban.message}`),
    );
    const holder = checkHolderName(bank.holderName, application.legalName);
    checks.push(
      holder.ok
        ? pass("bank-account.holder-name", "the account is in the company's name")
        : fail("bank-account.holder-name", holder.message),
    );
  }

  const registration = checkRegistrationNumber(application.registrationNumber, application.country);
  checks.push(
    registration.ok
      ? pass("registration-number", registration.message)
      : fail("registration-number", registration.message),
  );
  const vat = checkVatNumber(application.vatNumber, {
    country: application.country,
    registrationNumber: application.registrationNumber,
  });
  checks.push(vat.ok ? pass("vat-number", vat.message) : fail("vat-number", vat.message));
  checks.push(checkOwnerShares(application.beneficialOwners));
  return checks;
}
