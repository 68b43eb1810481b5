import {
  EU_COUNTRIES,
  OUTSIDE_EU_MENTION,
  REVERSE_CHARGE_MENTION,
  countryOfVatNumber,
  isWellFormedVatNumber,
  vatCountryOf,
  vatTreatmentFor,
} from "./vat.js";

const STANDARD = { kind: "standard", rateBasisPoints: 2000, mention: null };
const REVERSE = { kind: "reverse-charge", rateBasisPoints: 0, mention: REVERSE_CHARGE_MENTION };
const OUTSIDE = { kind: "outside-eu", rateBasisPoints: 0, mention: OUTSIDE_EU_MENTION };

describe("vatTreatmentFor", () => {
  it("charges French VAT at 20% to a French company, even with a French VAT number", () => {
    expect(vatTreatmentFor({ kind: "company", country: "FR", vatNumber: "FR40303265045" })).toEqual(STANDARD);
    expect(vatTreatmentFor({ kind: "company", country: "FR", vatNumber: null })).toEqual(STANDARD);
  });

  it("charges French VAT at 20% to a French individual", () => {
    expect(vatTreatmentFor({ kind: "individual", country: "FR" })).toEqual(STANDARD);
  });

  it("reverse-charges a German company with a German VAT number", () => {
    expect(vatTreatmentFor({ kind: "company", country: "DE", vatNumber: "DE123456789" })).toEqual(REVERSE);
  });

  it("reverse-charges whatever the way the VAT number is written (case, spaces, dots, dashes)", () => {
    expect(vatTreatmentFor({ kind: "company", country: "de", vatNumber: "de 123.456-789" })).toEqual(REVERSE);
  });

  it("reverse-charges a Greek company, whose VAT numbers start with EL", () => {
    expect(vatTreatmentFor({ kind: "company", country: "GR", vatNumber: "EL123456789" })).toEqual(REVERSE);
  });

  it("charges French VAT at 20% to a German individual", () => {
    expect(vatTreatmentFor({ kind: "individual", country: "DE" })).toEqual(STANDARD);
  });

  it("ignores a VAT number given for an individual", () => {
    expect(vatTreatmentFor({ kind: "individual", country: "DE", vatNumber: "DE123456789" })).toEqual(STANDARD);
  });

  it("charges French VAT at 20% to an EU company without a VAT number", () => {
    expect(vatTreatmentFor({ kind: "company", country: "DE", vatNumber: null })).toEqual(STANDARD);
    expect(vatTreatmentFor({ kind: "company", country: "IT" })).toEqual(STANDARD);
  });

  it("charges French VAT at 20% to an EU company whose VAT number is malformed", () => {
    expect(vatTreatmentFor({ kind: "company", country: "DE", vatNumber: "DE12345678" })).toEqual(STANDARD);
    expect(vatTreatmentFor({ kind: "company", country: "DE", vatNumber: "DE1234567890" })).toEqual(STANDARD);
    expect(vatTreatmentFor({ kind: "company", country: "DE", vatNumber: "123456789" })).toEqual(STANDARD);
  });

  it("charges French VAT at 20% to an EU company whose VAT number is of another country", () => {
    expect(vatTreatmentFor({ kind: "company", country: "DE", vatNumber: "BE0123456789" })).toEqual(STANDARD);
  });

  it("puts a US company outside the scope of EU VAT, with its mention", () => {
    expect(vatTreatmentFor({ kind: "company", country: "US", vatNumber: null })).toEqual(OUTSIDE);
  });

  it("puts a Swiss individual and a UK company with a GB number outside the EU", () => {
    expect(vatTreatmentFor({ kind: "individual", country: "CH" })).toEqual(OUTSIDE);
    expect(vatTreatmentFor({ kind: "company", country: "GB", vatNumber: "GB123456789" })).toEqual(OUTSIDE);
  });

  it("takes a company without an address from its VAT number's prefix", () => {
    expect(vatTreatmentFor({ kind: "company", country: null, vatNumber: "DE123456789" })).toEqual(REVERSE);
    expect(vatCountryOf({ kind: "company", vatNumber: "EL123456789" })).toBe("GR");
  });

  it("takes a buyer with neither address nor usable VAT number as French", () => {
    expect(vatCountryOf({ kind: "company", country: null, vatNumber: "XX123" })).toBe("FR");
    expect(vatCountryOf({ kind: "individual" })).toBe("FR");
    expect(vatTreatmentFor({ kind: "individual", country: null })).toEqual(STANDARD);
    expect(vatTreatmentFor({ kind: "company", country: null, vatNumber: null })).toEqual(STANDARD);
  });

  it("prefers the address's country over the VAT number's prefix", () => {
    expect(vatCountryOf({ kind: "company", country: "us", vatNumber: "DE123456789" })).toBe("US");
    expect(vatTreatmentFor({ kind: "company", country: "US", vatNumber: "DE123456789" })).toEqual(OUTSIDE);
  });

  it("quotes the legal mentions exactly", () => {
    expect(REVERSE_CHARGE_MENTION).toBe(
      "Autoliquidation : TVA due par le preneur (article 196 de la directive 2006/112/CE) — Reverse charge: VAT due by the customer (Article 196, Directive 2006/112/EC)",
    );
    expect(OUTSIDE_EU_MENTION).toBe("TVA non applicable — article 259-1 du CGI / VAT not applicable");
  });
});

describe("VAT numbers (format only, not VIES)", () => {
  it("lists the 27 member states of the EU", () => {
    expect(Object.keys(EU_COUNTRIES)).toHaveLength(27);
    expect(Object.keys(EU_COUNTRIES)).not.toContain("GB");
  });

  it.each([
    ["AT", "ATU12345678"],
    ["BE", "BE0123456789"],
    ["ES", "ESX1234567X"],
    ["FR", "FRXX123456789"],
    ["IE", "IE1234567WA"],
    ["IE", "IE1A23456W"],
    ["NL", "NL123456789B01"],
    ["SE", "SE123456789001"],
  ])("accepts a well-formed %s number %s", (country, number) => {
    expect(isWellFormedVatNumber(number, country)).toBe(true);
  });

  it.each([
    ["AT", "AT12345678"],
    ["FR", "FRIO123456789"],
    ["NL", "NL123456789A01"],
    ["SE", "SE123456789002"],
    ["DE", "DE12345678X"],
    ["US", "US123456789"],
  ])("refuses a malformed %s number %s", (country, number) => {
    expect(isWellFormedVatNumber(number, country)).toBe(false);
  });

  it("names the country of a prefix, or none", () => {
    expect(countryOfVatNumber("fr40303265045")).toBe("FR");
    expect(countryOfVatNumber("EL123456789")).toBe("GR");
    expect(countryOfVatNumber("GB123456789")).toBeNull();
  });
});
