import { checkRegistrationNumber, checkVatNumber, frenchVatKey, luhnValid, sirenOf } from "./registration.js";

describe("a French registration number", () => {
  it("accepts a SIREN or a SIRET with a valid Luhn checksum, spaces allowed", () => {
    expect(checkRegistrationNumber("732 829 320", "FR")).toEqual({ ok: true, message: "the SIREN is valid" });
    expect(checkRegistrationNumber("732 829 320 00074", "FR")).toEqual({ ok: true, message: "the SIRET is valid" });
    expect(luhnValid("552100554")).toBe(true);
  });

  it("refuses a mistyped SIREN or SIRET, naming it", () => {
    expect(checkRegistrationNumber("732829321", "FR")).toEqual({
      ok: false,
      message: "the SIREN 732829321 is not valid (its checksum is wrong): check for a mistyped digit",
    });
    expect(checkRegistrationNumber("73282932000075", "FR")).toEqual({
      ok: false,
      message: "the SIRET 73282932000075 is not valid (its checksum is wrong): check for a mistyped digit",
    });
  });

  it("refuses a number that is neither 9 nor 14 digits", () => {
    expect(checkRegistrationNumber("RCS Paris 732", "FR")).toEqual({
      ok: false,
      message: 'a French registration number is a SIREN (9 digits) or a SIRET (14 digits); "RCS Paris 732" is neither',
    });
    expect(checkRegistrationNumber("7328293200", "FR").ok).toBe(false);
  });

  it("checks La Poste's SIRETs by the sum of their digits (a multiple of 5), not by Luhn", () => {
    expect(luhnValid("35600000049837")).toBe(false);
    expect(checkRegistrationNumber("356 000 000 49837", "FR")).toEqual({ ok: true, message: "the SIRET is valid" });
    expect(checkRegistrationNumber("35600000049838", "FR").ok).toBe(false);
    expect(checkRegistrationNumber("35600000000048", "FR").ok).toBe(true); // its head office, a Luhn SIRET
    expect(checkRegistrationNumber("356000000", "FR").ok).toBe(true);
  });

  it("records another country's number as given", () => {
    expect(checkRegistrationNumber("HRB 12345", "DE").ok).toBe(true);
  });

  it("gives the SIREN of a SIRET", () => {
    expect(sirenOf("732 829 320 00074")).toBe("732829320");
    expect(sirenOf("abc")).toBeNull();
  });
});

describe("a VAT number", () => {
  const french = { country: "FR", registrationNumber: "732829320" };

  it("computes the French key as (12 + 3 × (SIREN mod 97)) mod 97", () => {
    expect(frenchVatKey("303265045")).toBe("40");
    expect(frenchVatKey("732829320")).toBe("44");
  });

  it("accepts a French VAT number carrying the company's SIREN with the right key", () => {
    expect(checkVatNumber("FR44 732829320", french)).toEqual({ ok: true, message: "the VAT number is well formed" });
    expect(checkVatNumber("FR44732829320", { country: "FR", registrationNumber: "73282932000074" }).ok).toBe(true);
  });

  it("refuses a wrong French key, giving the right one", () => {
    expect(checkVatNumber("FR45732829320", french)).toEqual({
      ok: false,
      message: "the key of the VAT number FR45732829320 is wrong: for SIREN 732829320 it is 44",
    });
  });

  it("refuses a French company's VAT number of another SIREN", () => {
    expect(checkVatNumber("FR40303265045", french)).toEqual({
      ok: false,
      message: "the VAT number FR40303265045 belongs to SIREN 303265045, not to the company's SIREN 732829320",
    });
  });

  it("refuses a malformed French VAT number", () => {
    expect(checkVatNumber("FR4473282932", french).message).toBe(
      'a French VAT number is FR, a 2-character key and the 9-digit SIREN (e.g. FR40303265045); "FR4473282932" is not',
    );
  });

  it("checks other EU countries' numbers with their own rules", () => {
    const german = { country: "DE", registrationNumber: "HRB 12345" };
    expect(checkVatNumber("DE136695976", german).ok).toBe(true);
    expect(checkVatNumber("DE136695977", german)).toEqual({
      ok: false,
      message: "the VAT number DE136695977 is not valid (its check digits are wrong): check for a mistyped character",
    });
    expect(checkVatNumber("DE12345", german)).toEqual({
      ok: false,
      message: '"DE12345" does not have the format of a VAT number of Germany',
    });
    expect(checkVatNumber("XY123456", german).message).toMatch(/does not start with the code of an EU country/);
  });
});
