import { formatMoney } from "./locale.js";

describe("formatMoney", () => {
  it("writes minor units with the currency's own decimals, in each locale", () => {
    expect(formatMoney({ amount: 123456, currency: "EUR" }, "fr")).toBe("1 234,56 €");
    expect(formatMoney({ amount: 123456, currency: "EUR" }, "en")).toBe("€1,234.56");
    expect(formatMoney({ amount: 1234, currency: "JPY" }, "en")).toBe("JP¥1,234");
  });

  it("keeps each (locale, currency) apart when formatters are reused", () => {
    const amounts = [
      formatMoney({ amount: 500, currency: "EUR" }, "fr"),
      formatMoney({ amount: 500, currency: "USD" }, "fr"),
      formatMoney({ amount: 500, currency: "EUR" }, "en"),
      formatMoney({ amount: 500, currency: "EUR" }, "fr"),
    ];
    expect(amounts).toEqual(["5,00 €", "5,00 $US", "€5.00", "5,00 €"]);
  });
});
