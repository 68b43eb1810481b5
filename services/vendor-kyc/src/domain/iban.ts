import { electronicFormatIBAN, getCountrySpecifications, validateIBAN, ValidationErrorsIBAN } from "ibantools";

export type IbanResult = { ok: true; iban: string } | { ok: false; message: string };

/**
 * Checks an IBAN (ISO 13616): a known country, that country's length and account format, and
 * the mod-97 check digits (plus the national key where ibantools knows it, e.g. France's RIB key).
 * Spaces and lower case are accepted; the result is the electronic format (`FR7630006000011234567890189`).
 * Each failure says what is wrong, for the applicant.
 */
export function checkIban(input: string): IbanResult {
  if (!/^[A-Za-z0-9 ]+$/.test(input.trim()))
    return { ok: false, message: "an IBAN has only letters and digits (spaces allowed)" };
  const iban = electronicFormatIBAN(input) ?? "";
  const country = iban.slice(0, 2);
  const spec = getCountrySpecifications()[country];
  if (!/^[A-Z]{2}$/.test(country) || !spec?.chars)
    return { ok: false, message: `"${country}" is not a country that uses IBANs` };
  if (iban.length !== spec.chars)
    return { ok: false, message: `a ${country} IBAN has ${spec.chars} characters; this one has ${iban.length}` };
  const { errorCodes } = validateIBAN(iban);
  if (errorCodes.includes(ValidationErrorsIBAN.WrongBBANFormat))
    return { ok: false, message: `the account number does not have the format of a ${country} IBAN` };
  if (errorCodes.length > 0)
    return { ok: false, message: "the check digits are wrong (one character is probably mistyped)" };
  return { ok: true, iban };
}

/** `FR76 •••• 0189`: enough to recognise an account without exposing it. */
export function maskIban(iban: string): string {
  return `${iban.slice(0, 4)} •••• ${iban.slice(-4)}`;
}

export function ibanLast4(iban: string): string {
  return iban.slice(-4);
}
