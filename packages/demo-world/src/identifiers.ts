// Valid French company identifiers and bank accounts, computed rather than copied, so demo and
// test vendors pass vendor-kyc's checks exactly as a real company's would.

/** Luhn check digit for a string of digits (SIREN and SIRET use it). */
function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** A valid SIREN from 8 digits of your choice (the ninth is the Luhn check digit). */
export function siren(first8: string): string {
  if (!/^\d{8}$/.test(first8)) throw new Error("siren() takes 8 digits");
  return first8 + luhnCheckDigit(first8);
}

/** The French intra-community VAT number of a SIREN: FR + key + SIREN, key = (12 + 3 × (SIREN mod 97)) mod 97. */
export function frenchVatNumber(sirenNumber: string): string {
  const key = (12 + 3 * (Number(sirenNumber) % 97)) % 97;
  return `FR${String(key).padStart(2, "0")}${sirenNumber}`;
}

/** Remainder of a long decimal string by 97, chunk by chunk (ISO 7064 mod 97-10). */
function mod97(digits: string): number {
  let remainder = 0;
  for (let i = 0; i < digits.length; i += 7) remainder = Number(String(remainder) + digits.slice(i, i + 7)) % 97;
  return remainder;
}

/**
 * A valid French IBAN for a bank code (5 digits), branch code (5 digits) and account number
 * (11 digits): the RIB key and the IBAN check digits are computed.
 */
export function frenchIban(bank: string, branch: string, account: string): string {
  if (!/^\d{5}$/.test(bank) || !/^\d{5}$/.test(branch) || !/^\d{11}$/.test(account))
    throw new Error("frenchIban() takes 5, 5 and 11 digits");
  const ribKey = 97 - ((89 * Number(bank) + 15 * Number(branch) + 3 * Number(account)) % 97);
  const bban = `${bank}${branch}${account}${String(ribKey).padStart(2, "0")}`;
  const check = 98 - mod97(`${bban}152700`); // F=15, R=27, then "00"
  return `FR${String(check).padStart(2, "0")}${bban}`;
}

/** `FR7630006000011234567890189` → `FR76 3000 6000 0112 3456 7890 189`, as people write it. */
export function printIban(iban: string): string {
  return iban.replace(/(.{4})/g, "$1 ").trim();
}
