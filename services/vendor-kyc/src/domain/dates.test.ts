import { addCalendarMonths, businessDate } from "./dates.js";
import { checkIssuedOn, checkRegistryExtractAge } from "./registry-extract.js";

describe("calendar months", () => {
  it("adds months, keeping the day or falling back to the month's last day", () => {
    expect(addCalendarMonths("2026-08-24", 3)).toBe("2026-11-24");
    expect(addCalendarMonths("2026-11-30", 3)).toBe("2027-02-28");
    expect(addCalendarMonths("2027-11-30", 3)).toBe("2028-02-29");
    expect(addCalendarMonths("2026-01-31", -3)).toBe("2025-10-31");
    expect(addCalendarMonths("2026-12-15", 1)).toBe("2027-01-15");
  });

  it("takes the calendar day in Paris", () => {
    expect(businessDate(new Date("2026-11-23T23:30:00Z"))).toBe("2026-11-24");
    expect(businessDate(new Date("2026-07-01T21:59:00Z"))).toBe("2026-07-01");
  });
});

describe("the age of a registry extract at submission", () => {
  it("accepts an extract up to the day before it turns 3 months old", () => {
    expect(checkRegistryExtractAge("2026-08-24", new Date("2026-11-23T12:00:00Z")).ok).toBe(true);
  });

  it("refuses it on the day it turns 3 months old, saying which date would do", () => {
    expect(checkRegistryExtractAge("2026-08-24", new Date("2026-11-24T12:00:00Z"))).toEqual({
      ok: false,
      message:
        "the registry extract was issued on 2026-08-24, 3 months or more before 2026-11-24: upload one issued after 2026-08-24",
    });
  });

  it("counts the submission day in Paris (late evening UTC is already the next day)", () => {
    expect(checkRegistryExtractAge("2026-08-24", new Date("2026-11-23T23:30:00Z")).ok).toBe(false);
  });

  it("handles months without the issue day: 30 November lasts until 27 February", () => {
    expect(checkRegistryExtractAge("2026-11-30", new Date("2027-02-27T12:00:00Z")).ok).toBe(true);
    expect(checkRegistryExtractAge("2026-11-30", new Date("2027-02-28T12:00:00Z")).ok).toBe(false);
  });
});

describe("an issue date", () => {
  it("may be today but not in the future", () => {
    const now = new Date("2026-11-24T10:00:00Z");
    expect(checkIssuedOn("2026-11-24", now).ok).toBe(true);
    expect(checkIssuedOn("2026-11-25", now)).toEqual({
      ok: false,
      message: "the issue date 2026-11-25 is in the future (today is 2026-11-24)",
    });
  });
});
