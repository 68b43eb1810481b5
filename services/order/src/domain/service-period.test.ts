import { isPeriod, lastDayOf } from "./service-period.js";

describe("a renewal period's last day", () => {
  it("is the day before the exclusive end, across month ends, leap days and years", () => {
    expect(lastDayOf("2024-03-31")).toBe("2024-03-30");
    expect(lastDayOf("2024-03-01")).toBe("2024-02-29");
    expect(lastDayOf("2023-03-01")).toBe("2023-02-28");
    expect(lastDayOf("2027-01-01")).toBe("2026-12-31");
  });

  it("makes a period of at least one day", () => {
    expect(isPeriod({ startsOn: "2024-02-29", endsBefore: "2024-03-29" })).toBe(true);
    expect(isPeriod({ startsOn: "2024-02-29", endsBefore: "2024-03-01" })).toBe(true);
    expect(isPeriod({ startsOn: "2024-02-29", endsBefore: "2024-02-29" })).toBe(false);
    expect(isPeriod({ startsOn: "2024-03-01", endsBefore: "2024-02-29" })).toBe(false);
  });
});
