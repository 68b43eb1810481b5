import { addDays, calendarDateIn, decideWithdrawal, withdrawalLastDay } from "./withdrawal.js";

const at = (iso: string) => new Date(iso);

describe("the withdrawal period", () => {
  // 3 March, 00:30 in Paris (still 2 March in UTC): day 0 is the buyer's day, not UTC's.
  const orderedAt = at("2026-03-02T23:30:00.000Z");
  const company = { orderedAt, buyerKind: "company" as const, timeZone: "Europe/Paris", captured: true };
  const individual = { ...company, buyerKind: "individual" as const };

  it("lasts 7 days for a company and 14 for an individual, from the order's date in the buyer's zone", () => {
    expect(withdrawalLastDay(company)).toBe("2026-03-10");
    expect(withdrawalLastDay(individual)).toBe("2026-03-17");
  });

  it("accepts a company on day 7 until its midnight and refuses it on day 8", () => {
    expect(decideWithdrawal(company, at("2026-03-10T08:00:00.000Z"))).toEqual({
      kind: "withdraw",
      money: "refund-in-full",
      lastDay: "2026-03-10",
    });
    expect(decideWithdrawal(company, at("2026-03-10T22:59:59.999Z"))).toMatchObject({ kind: "withdraw" });
    expect(decideWithdrawal(company, at("2026-03-10T23:00:00.000Z"))).toEqual({
      kind: "refused",
      reason: "withdrawal-period-ended",
      lastDay: "2026-03-10",
      detail: "The withdrawal period (7 days for a company) ended on 2026-03-10.",
    });
  });

  it("accepts an individual on day 14 and refuses it on day 15", () => {
    expect(decideWithdrawal(individual, at("2026-03-17T22:00:00.000Z"))).toMatchObject({
      kind: "withdraw",
      lastDay: "2026-03-17",
    });
    expect(decideWithdrawal(individual, at("2026-03-17T23:00:00.000Z"))).toMatchObject({
      kind: "refused",
      detail: "The withdrawal period (14 days for an individual) ended on 2026-03-17.",
    });
  });

  it("releases the authorization before capture and refunds in full after", () => {
    const day1 = at("2026-03-04T10:00:00.000Z");
    expect(decideWithdrawal({ ...company, captured: false }, day1)).toMatchObject({ money: "release-authorization" });
    expect(decideWithdrawal(company, day1)).toMatchObject({ money: "refund-in-full" });
  });

  it("counts in the zone of a buyer outside Paris", () => {
    // 2 March 23:30 UTC is still 2 March, 15:30 in Los Angeles and already 3 March, 08:30 in Tokyo.
    const losAngeles = { ...company, timeZone: "America/Los_Angeles" };
    const tokyo = { ...company, timeZone: "Asia/Tokyo" };
    expect(withdrawalLastDay(losAngeles)).toBe("2026-03-09");
    expect(withdrawalLastDay(tokyo)).toBe("2026-03-10");
    // Los Angeles is at UTC-7 since its DST change of 8 March: its 9 March ends at 07:00 UTC.
    expect(decideWithdrawal(losAngeles, at("2026-03-10T06:59:00.000Z"))).toMatchObject({ kind: "withdraw" });
    expect(decideWithdrawal(losAngeles, at("2026-03-10T07:00:00.000Z"))).toMatchObject({ kind: "refused" });
    // Tokyo's 10 March ends at 15:00 UTC, hours before Paris's.
    expect(decideWithdrawal(tokyo, at("2026-03-10T14:59:00.000Z"))).toMatchObject({ kind: "withdraw" });
    expect(decideWithdrawal(tokyo, at("2026-03-10T15:00:00.000Z"))).toMatchObject({ kind: "refused" });
  });

  it("ends at the buyer's midnight across a DST change", () => {
    // Ordered 22 March 2026 (Paris, UTC+1); the clocks go forward on 29 March: the last day of a
    // company, 29 March, ends at 22:00 UTC (midnight at UTC+2), not 23:00.
    const spring = { ...company, orderedAt: at("2026-03-22T09:00:00.000Z") };
    expect(withdrawalLastDay(spring)).toBe("2026-03-29");
    expect(decideWithdrawal(spring, at("2026-03-29T21:59:00.000Z"))).toMatchObject({ kind: "withdraw" });
    expect(decideWithdrawal(spring, at("2026-03-29T22:00:00.000Z"))).toMatchObject({ kind: "refused" });
    // Autumn: the clocks go back on 25 October; 1 November ends at 23:00 UTC (UTC+1).
    const autumn = { ...company, orderedAt: at("2026-10-25T00:30:00.000Z") };
    expect(withdrawalLastDay(autumn)).toBe("2026-11-01");
    expect(decideWithdrawal(autumn, at("2026-11-01T22:59:00.000Z"))).toMatchObject({ kind: "withdraw" });
    expect(decideWithdrawal(autumn, at("2026-11-01T23:00:00.000Z"))).toMatchObject({ kind: "refused" });
  });

  it("counts calendar days across months, years and 29 February", () => {
    expect(addDays("2028-02-22", 7)).toBe("2028-02-29");
    expect(addDays("2027-12-28", 14)).toBe("2028-01-11");
    expect(calendarDateIn(at("2026-12-31T23:30:00.000Z"), "Europe/Paris")).toBe("2027-01-01");
  });

  it("falls back to Paris for a zone this runtime does not know", () => {
    expect(calendarDateIn(at("2026-03-02T23:30:00.000Z"), "Mars/Olympus_Mons")).toBe("2026-03-03");
  });
});
