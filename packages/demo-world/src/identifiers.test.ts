import { frenchIban, frenchVatNumber, printIban, siren } from "./identifiers.js";

describe("computed company identifiers", () => {
  it("adds the Luhn digit to a SIREN (known: 732 829 320, 552 100 554)", () => {
    expect(siren("73282932")).toBe("732829320");
    expect(siren("55210055")).toBe("552100554");
  });

  it("derives the French VAT key from the SIREN (known: FR40303265045)", () => {
    expect(frenchVatNumber("303265045")).toBe("FR40303265045");
  });

  it("computes the RIB key and IBAN check digits (known: FR76 3000 6000 0112 3456 7890 189)", () => {
    expect(frenchIban("30006", "00001", "12345678901")).toBe("FR7630006000011234567890189");
    expect(printIban("FR7630006000011234567890189")).toBe("FR76 3000 6000 0112 3456 7890 189");
  });
});
