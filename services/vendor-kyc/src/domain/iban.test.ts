import { checkIban, maskIban } from "./iban.js";

describe("checking an IBAN", () => {
  it.each([
    ["FR76 3000 6000 0112 3456 7890 189", "FR7630006000011234567890189"],
    ["de89 3704 0044 0532 0130 00", "DE89370400440532013000"],
    ["GB82WEST12345698765432", "GB82WEST12345698765432"],
    ["NL91ABNA0417164300", "NL91ABNA0417164300"],
    ["BE68 5390 0754 7034", "BE68539007547034"],
    ["ES91 2100 0418 4502 0005 1332", "ES9121000418450200051332"],
  ])("accepts %s and keeps it in electronic format", (input, electronic) => {
    expect(checkIban(input)).toEqual({ ok: true, iban: electronic });
  });

  it("names the country's length when the IBAN is too short or too long", () => {
    expect(checkIban("FR76 3000 6000 0112 3456 7890 18")).toEqual({
      ok: false,
      message: "a FR IBAN has 27 characters; this one has 26",
    });
    expect(checkIban("DE89 3704 0044 0532 0130 001")).toEqual({
      ok: false,
      message: "a DE IBAN has 22 characters; this one has 23",
    });
  });

  it("says the check digits are wrong when a digit is mistyped", () => {
    expect(checkIban("FR76 3000 6000 0112 3456 7890 188")).toEqual({
      ok: false,
      message: "the check digits are wrong (one character is probably mistyped)",
    });
    expect(checkIban("GB83WEST12345698765432")).toEqual({
      ok: false,
      message: "the check digits are wrong (one character is probably mistyped)",
    });
    expect(checkIban("NL92ABNA0417164300").ok).toBe(false);
  });

  it("names an unknown country", () => {
    expect(checkIban("XX7630006000011234567890189")).toEqual({
      ok: false,
      message: '"XX" is not a country that uses IBANs',
    });
    expect(checkIban("US12345678901234567")).toEqual({ ok: false, message: '"US" is not a country that uses IBANs' });
  });

  it("refuses characters an IBAN cannot have", () => {
    expect(checkIban("FR76-3000-6000-0112-3456-7890-189")).toEqual({
      ok: false,
      message: "an IBAN has only letters and digits (spaces allowed)",
    });
  });

  it("refuses an account part in the wrong format for the country", () => {
    expect(checkIban("DE89370400440532013A00")).toEqual({
      ok: false,
      message: "the account number does not have the format of a DE IBAN",
    });
  });

  it("masks an IBAN to its country, check digits and last four", () => {
    expect(maskIban("FR7630006000011234567890189")).toBe("FR76 •••• 0189");
  });
});
