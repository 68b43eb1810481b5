import { checkVAT, countries } from "jsvat-next";

export type CheckResult = { ok: true; message: string } | { ok: false; message: string };

/** Luhn (mod 10): every second digit from the right doubled, digits summed, a multiple of 10. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * La Poste's establishments (SIREN 356000000) are too many for Luhn: INSEE gives their SIRETs
 * digits summing to a multiple of 5 instead. Its head office (…00048) keeps a Luhn SIRET.
 */
const LA_POSTE_SIREN = "356000000";
const LA_POSTE_HEAD_OFFICE = "35600000000048";

function compact(value: string): string {
  return value.replace(/[\s.-]/g, "");
}

/** The SIREN of a French registration number (SIREN or SIRET), or null if it has neither shape. */
export function sirenOf(registrationNumber: string): string | null {
  const digits = compact(registrationNumber);
  return /^(\d{9}|\d{14})$/.test(digits) ? digits.slice(0, 9) : null;
}

/**
 * A French company's registration number: a SIREN (9 digits) or a SIRET (14 digits, the SIREN
 * and an establishment number), each with a valid Luhn checksum; La Poste's SIRETs use the
 * digit-sum-multiple-of-5 rule instead. Elsewhere, the national number is not checked here.
 */
export function checkRegistrationNumber(registrationNumber: string, country: string): CheckResult {
  if (country !== "FR") return { ok: true, message: `the ${country} registration number is recorded as given` };
  const digits = compact(registrationNumber);
  if (!/^\d+$/.test(digits) || (digits.length !== 9 && digits.length !== 14)) {
    return {
      ok: false,
      message: `a French registration number is a SIREN (9 digits) or a SIRET (14 digits); "${registrationNumber}" is neither`,
    };
  }
  if (digits.length === 9) {
    return luhnValid(digits)
      ? { ok: true, message: "the SIREN is valid" }
      : { ok: false, message: `the SIREN ${digits} is not valid (its checksum is wrong): check for a mistyped digit` };
  }
  const valid =
    digits.startsWith(LA_POSTE_SIREN) && digits !== LA_POSTE_HEAD_OFFICE
      ? [...digits].reduce((sum, d) => sum + Number(d), 0) % 5 === 0
      : luhnValid(digits);
  return valid
    ? { ok: true, message: "the SIRET is valid" }
    : { ok: false, message: `the SIRET ${digits} is not valid (its checksum is wrong): check for a mistyped digit` };
}

/** The key of a French VAT number: (12 + 3 × (SIREN mod 97)) mod 97, two digits. */
export function frenchVatKey(siren: string): string {
  return String((12 + 3 * (Number(siren) % 97)) % 97).padStart(2, "0");
}

/**
 * An intra-community VAT number, well formed for its country (jsvat-next: format and check
 * digits). A French one (`FR` + 2-character key + SIREN) also has its numeric key checked
 * explicitly and, for a French company, must carry the company's own SIREN.
 */
export function checkVatNumber(
  vatNumber: string,
  company: { country: string; registrationNumber: string },
): CheckResult {
  const vat = compact(vatNumber).toUpperCase();
  if (vat.startsWith("FR")) {
    const match = /^FR([0-9A-Z]{2})(\d{9})$/.exec(vat);
    if (!match)
      return {
        ok: false,
        message: `a French VAT number is FR, a 2-character key and the 9-digit SIREN (e.g. FR40303265045); "${vatNumber}" is not`,
      };
    const [, key, siren] = match as unknown as [string, string, string];
    if (/^\d{2}$/.test(key) && key !== frenchVatKey(siren)) {
      return {
        ok: false,
        message: `the key of the VAT number ${vat} is wrong: for SIREN ${siren} it is ${frenchVatKey(siren)}`,
      };
    }
    if (company.country === "FR") {
      const companySiren = sirenOf(company.registrationNumber);
      if (companySiren && companySiren !== siren) {
        return {
          ok: false,
          message: `the VAT number ${vat} belongs to SIREN ${siren}, not to the company's SIREN ${companySiren}`,
        };
      }
    }
  }
  const result = checkVAT(vat, countries);
  if (!result.isSupportedCountry)
    return {
      ok: false,
      message: `"${vatNumber}" does not start with the code of an EU country (or another country whose VAT numbers we know)`,
    };
  if (!result.isValidFormat)
    return {
      ok: false,
      message: `"${vatNumber}" does not have the format of a VAT number of ${result.country?.name ?? "its country"}`,
    };
  if (!result.isValid)
    return {
      ok: false,
      message: `the VAT number ${vat} is not valid (its check digits are wrong): check for a mistyped character`,
    };
  return { ok: true, message: "the VAT number is well formed" };
}
