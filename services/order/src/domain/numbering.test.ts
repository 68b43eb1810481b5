import { dateInParis, formatInvoiceNumber, invoicePrefix, purchaseOrderNumber, yearInParis } from "./numbering.js";

describe("document numbers", () => {
  it("prefix a vendor's invoices with the first letters of its legal name", () => {
    expect(invoicePrefix("Nuage Souverain SAS")).toBe("NUAG");
    expect(invoicePrefix("Éco-Cloud")).toBe("ECOC");
    expect(invoicePrefix("—")).toBe("INV");
  });

  it("number invoices with the year and six digits", () => {
    expect(formatInvoiceNumber("NUAG", 2026, 1)).toBe("NUAG-2026-000001");
    expect(formatInvoiceNumber("NUAG", 2026, 123456)).toBe("NUAG-2026-123456");
    expect(() => formatInvoiceNumber("NUAG", 2026, 0)).toThrow(RangeError);
  });

  it("count years and dates in France, where New Year's Eve in UTC is already next year", () => {
    expect(yearInParis(new Date("2026-12-31T23:30:00Z"))).toBe(2027);
    expect(dateInParis(new Date("2026-12-31T23:30:00Z"))).toBe("2027-01-01");
  });

  it("derive the purchase order number from the transmission date and the order id", () => {
    expect(purchaseOrderNumber("0193a1f2-7c4e-7d21-9b3a-8f3a1c2b9d4e", new Date("2026-03-15T10:00:00Z"))).toBe(
      "PO-20260315-3A1C2B9D4E",
    );
  });
});
