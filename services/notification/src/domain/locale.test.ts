import { dayBefore, formatCalendarDate, formatDateIn, formatDateTimeIn, formatMoney } from "./locale.js";

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

describe("the dates of subscription emails", () => {
  it("show a calendar date as that day, whatever the server's zone", () => {
    expect(formatCalendarDate("2027-01-01", "fr")).toBe("1 janvier 2027");
    expect(formatCalendarDate("2026-12-31", "en")).toBe("31 December 2026");
  });

  it("take the day before a period's first excluded day across months, years and 29 February", () => {
    expect(dayBefore("2027-01-24")).toBe("2027-01-23");
    expect(dayBefore("2027-01-01")).toBe("2026-12-31");
    expect(dayBefore("2028-03-01")).toBe("2028-02-29");
  });

  it("show an instant in the buyer's zone, naming it", () => {
    const at = "2027-11-23T05:00:00.000Z";
    expect(formatDateTimeIn(at, "en", "America/New_York")).toBe("23 November 2027 at 00:00 (America/New_York time)");
    expect(formatDateTimeIn(at, "fr", "Europe/Paris")).toBe("23 novembre 2027 à 06:00 (heure de Paris)");
    expect(formatDateIn("2027-01-31T23:00:00.000Z", "en", "Europe/Paris")).toBe("1 February 2027");
    expect(formatDateIn("2027-01-31T23:00:00.000Z", "en", "America/New_York")).toBe("31 January 2027");
  });

  it("fall back to Paris for a zone this runtime does not know, rather than fail the email", () => {
    expect(formatDateTimeIn("2027-11-23T05:00:00.000Z", "en", "Mars/Olympus_Mons")).toBe(
      "23 November 2027 at 06:00 (Paris time)",
    );
  });
});
