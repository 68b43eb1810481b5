import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { anchorDate, anniversaryDate, calendarDateIn, dueInstant, type BillingCycle } from "./anniversary.js";

/** The independent reference: Temporal's calendar arithmetic, clamping a day the month lacks. */
function reference(anchor: string, cycle: BillingCycle, n: number): string {
  const duration = cycle === "monthly" ? { months: n } : { years: n };
  return Temporal.PlainDate.from(anchor).add(duration, { overflow: "constrain" }).toString();
}

function everyDay(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = Temporal.PlainDate.from(from); Temporal.PlainDate.compare(day, to) <= 0; day = day.add({ days: 1 }))
    days.push(day.toString());
  return days;
}

const daysInMonth = (date: string) => Temporal.PlainDate.from(date).daysInMonth;
const dayOf = (date: string) => Temporal.PlainDate.from(date).day;
const monthIndex = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7));
const zones = Intl.supportedValuesOf("timeZone");

/** `due` is the first instant of `date` in `zone`: on that date, and the millisecond before is not. */
function expectFirstInstantOf(due: Date, date: string, zone: string) {
  expect(calendarDateIn(due, zone)).toBe(date);
  expect(calendarDateIn(new Date(due.getTime() - 1), zone) < date).toBe(true);
}

describe("the anniversary date", () => {
  it("agrees with Temporal's constrained PlainDate.add for every anchor day of 2020–2030", () => {
    let compared = 0;
    for (const anchor of everyDay("2020-01-01", "2030-12-31")) {
      for (let n = 1; n <= 24; n++) {
        const ours = anniversaryDate(anchor, "monthly", n);
        if (ours !== reference(anchor, "monthly", n))
          expect(`${anchor} monthly #${n} = ${ours}`).toBe(reference(anchor, "monthly", n));
        compared++;
      }
      for (let n = 1; n <= 10; n++) {
        const ours = anniversaryDate(anchor, "yearly", n);
        if (ours !== reference(anchor, "yearly", n))
          expect(`${anchor} yearly #${n} = ${ours}`).toBe(reference(anchor, "yearly", n));
        compared++;
      }
    }
    expect(compared).toBe(4018 * 34);
  });

  it("follows the examples of the rules: bought 15 March 2020, charged every 15th, yearly on 15 March 2021", () => {
    expect([1, 2, 3].map((n) => anniversaryDate("2020-03-15", "monthly", n))).toEqual([
      "2020-04-15",
      "2020-05-15",
      "2020-06-15",
    ]);
    expect(anniversaryDate("2020-03-15", "yearly", 1)).toBe("2021-03-15");
  });

  it("keeps 29 February yearly as 28 February in common years and 29 February in leap years", () => {
    expect([1, 2, 3, 4].map((n) => anniversaryDate("2024-02-29", "yearly", n))).toEqual([
      "2025-02-28",
      "2026-02-28",
      "2027-02-28",
      "2028-02-29",
    ]);
  });

  it("starts period 0 on the anchor itself and refuses what is not a date or a renewal number", () => {
    expect(anniversaryDate("2024-01-31", "monthly", 0)).toBe("2024-01-31");
    expect(() => anniversaryDate("2024-02-30", "monthly", 1)).toThrow(RangeError);
    expect(() => anniversaryDate("31/01/2024", "monthly", 1)).toThrow(RangeError);
    expect(() => anniversaryDate("2024-01-31", "monthly", 1.5)).toThrow(RangeError);
    expect(() => anniversaryDate("2024-01-31", "monthly", -1)).toThrow(RangeError);
  });
});

describe("the anchor", () => {
  it("is the purchase date in the buyer's zone, Europe/Paris unless told otherwise", () => {
    const lateEvening = new Date("2026-03-15T23:30:00Z");
    expect(anchorDate(lateEvening)).toBe("2026-03-16");
    expect(anchorDate(lateEvening, "America/New_York")).toBe("2026-03-15");
    expect(anchorDate(lateEvening, "UTC")).toBe("2026-03-15");
  });
});

describe("the due instant", () => {
  it("is 00:00 of the renewal date in the buyer's zone", () => {
    expect(dueInstant("2026-04-15", "Europe/Paris").toISOString()).toBe("2026-04-14T22:00:00.000Z");
    expect(dueInstant("2026-01-15", "Europe/Paris").toISOString()).toBe("2026-01-14T23:00:00.000Z");
    expect(dueInstant("2026-04-15", "Asia/Kolkata").toISOString()).toBe("2026-04-14T18:30:00.000Z");
    expect(dueInstant("2026-04-15", "America/Los_Angeles").toISOString()).toBe("2026-04-15T07:00:00.000Z");
  });

  it("is the first instant of the day when a DST change skips midnight", () => {
    // Clocks jump from 00:00 to 01:00: the day starts at 01:00 local.
    expect(dueInstant("2022-09-11", "America/Santiago").toISOString()).toBe("2022-09-11T04:00:00.000Z");
    expect(dueInstant("2023-03-12", "America/Havana").toISOString()).toBe("2023-03-12T05:00:00.000Z");
    expect(dueInstant("2023-03-26", "Asia/Beirut").toISOString()).toBe("2023-03-25T22:00:00.000Z");
    expect(dueInstant("2022-03-22", "Asia/Tehran").toISOString()).toBe("2022-03-21T20:30:00.000Z");
  });

  it("is the first of two midnights when a DST change repeats midnight", () => {
    // Havana, 5 November 2023: at 01:00 clocks go back to 00:00, so 00:00 happens twice.
    expect(dueInstant("2023-11-05", "America/Havana").toISOString()).toBe("2023-11-05T04:00:00.000Z");
    // Santiago, 2 April 2023: at 00:00 clocks go back to 23:00 of the day before: midnight once.
    expect(dueInstant("2023-04-02", "America/Santiago").toISOString()).toBe("2023-04-02T04:00:00.000Z");
  });

  it("exists and is unique on every day of 2020–2030 in the zones whose DST changes at midnight", () => {
    for (const zone of ["America/Santiago", "America/Havana", "Asia/Beirut", "America/Asuncion", "Asia/Tehran"]) {
      for (const day of everyDay("2020-01-01", "2030-12-31").filter((d) => d.endsWith("-01") || isNearChange(d))) {
        expectFirstInstantOf(dueInstant(day, zone), day, zone);
      }
    }
  });
});

// The days of the year on which these zones have changed their clocks (September–November,
// February–April): every day of those months, the rest sampled on the 1st.
function isNearChange(date: string): boolean {
  const month = Number(date.slice(5, 7));
  return [2, 3, 4, 9, 10, 11].includes(month);
}

describe("the anniversary rule, as properties over 100 years", () => {
  const anchors = fc
    .date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2060-12-31T00:00:00Z"), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const cycles = fc.constantFrom<BillingCycle>("monthly", "yearly");
  const anyZone = fc.constantFrom(...zones);

  it("never overlaps nor leaves a gap between periods, never drifts the day, and every period has one due instant", () => {
    fc.assert(
      fc.property(anchors, cycles, anyZone, (anchor, cycle, zone) => {
        const renewals = cycle === "monthly" ? 1200 : 100;
        const anchorDay = dayOf(anchor);
        let previousDue = dueInstant(anchor, zone);
        for (let n = 1; n <= renewals; n++) {
          const date = anniversaryDate(anchor, cycle, n);
          // Exactly n cycles after the anchor, so one cycle after the previous renewal, on the
          // anchor's day clamped to the month.
          expect(monthIndex(date) - monthIndex(anchor)).toBe(cycle === "monthly" ? n : 12 * n);
          expect(dayOf(date)).toBe(Math.min(anchorDay, daysInMonth(date)));
          // Period n-1 ends exactly where period n starts: strictly later, on its own local date.
          const due = dueInstant(date, zone);
          expect(due.getTime()).toBeGreaterThan(previousDue.getTime());
          expectFirstInstantOf(due, date, zone);
          previousDue = due;
        }
      }),
      { numRuns: 40 },
    );
  });

  it("finds the first instant of any day in any zone", () => {
    const days = fc
      .date({ min: new Date("1970-01-02T00:00:00Z"), max: new Date("2100-12-31T00:00:00Z"), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(days, anyZone, (day, zone) => expectFirstInstantOf(dueInstant(day, zone), day, zone)),
      { numRuns: 2000 },
    );
  });
});

describe("regressions of known billing-engine bugs", () => {
  it("anchor drifting 31 → 29 after February: 31 January renews 29 February, then 31 March, 30 April, 31 May", () => {
    expect([1, 2, 3, 4].map((n) => anniversaryDate("2024-01-31", "monthly", n))).toEqual([
      "2024-02-29",
      "2024-03-31",
      "2024-04-30",
      "2024-05-31",
    ]);
    expect(anniversaryDate("2025-01-31", "monthly", 1)).toBe("2025-02-28");
    expect(anniversaryDate("2025-01-31", "monthly", 13)).toBe("2026-02-28");
    expect(anniversaryDate("2025-01-31", "monthly", 14)).toBe("2026-03-31");
  });

  it("duplicate invoices for buyers outside UTC: each period is due once, on the buyer's date, not the UTC one", () => {
    // A Tokyo buyer's renewal on the 15th is due on the 14th in UTC: an engine that takes the UTC
    // date charges on the 14th and again on the 15th. Due instants are computed in the buyer's zone,
    // and a run at any instant finds each period due exactly once.
    const zone = "Asia/Tokyo";
    const anchor = anchorDate(new Date("2026-03-14T16:00:00Z"), zone);
    expect(anchor).toBe("2026-03-15");
    const dues = Array.from({ length: 24 }, (_, i) => dueInstant(anniversaryDate(anchor, "monthly", i + 1), zone));
    expect(dues[0]!.toISOString()).toBe("2026-04-14T15:00:00.000Z");
    const runs = everyDay("2026-03-15", "2028-04-30").flatMap((day) => [`${day}T00:00:00Z`, `${day}T12:00:00Z`]);
    let lastRun = Date.parse("2026-03-15T00:00:00Z");
    const charged: number[] = [];
    for (const run of runs.map(Date.parse)) {
      dues.forEach((due, index) => {
        if (due.getTime() > lastRun && due.getTime() <= run) charged.push(index + 1);
      });
      lastRun = run;
    }
    expect(charged).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
  });

  it("a loop on a DST change: the due instant of a day whose midnight does not exist is found in bounded steps", () => {
    const started = performance.now();
    const due = dueInstant("2022-09-11", "America/Santiago");
    expect(due.toISOString()).toBe("2022-09-11T04:00:00.000Z");
    expect(calendarDateIn(due, "America/Santiago")).toBe("2022-09-11");
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
