// The anniversary rule (docs/business-rules.md, Renewal), as pure functions: no I/O, no clock of their own.
//
// A subscription's anchor is the purchase date in the buyer's time zone. The n-th renewal falls on
// the anchor's day n months (or n years) later, clamped to the month's last day when the month is
// shorter. Each renewal is computed from the anchor, never from the previous renewal: 31 Jan →
// 29 Feb → 31 Mar, not → 29 Mar (the "anchor drifts 31 → 29 after February" bug of engines that
// advance period by period, e.g. Kill Bill's issue 2133). A renewal is due at 00:00 of its date in
// the buyer's zone, so a buyer in Tokyo and one in Los Angeles are each charged once, on their own
// calendar day (the "duplicate invoice outside UTC" bug comes from computing the date in UTC).

import { DEFAULT_TIME_ZONE } from "@mkt/contracts";

export type BillingCycle = "monthly" | "yearly";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface CalendarDate {
  year: number;
  month: number; // 1..12
  day: number;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

function parseDate(date: string): CalendarDate {
  const match = DATE.exec(date);
  if (!match) throw new RangeError(`${date} is not a YYYY-MM-DD date`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    throw new RangeError(`${date} is not a calendar date`);
  return { year, month, day };
}

const pad = (value: number, width: number) => String(value).padStart(width, "0");
function formatDate({ year, month, day }: CalendarDate): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/**
 * The date of the n-th renewal (n ≥ 1) of a subscription anchored on `anchor` (YYYY-MM-DD); n = 0 is
 * the anchor itself, the start of the first period. Period n runs from renewal n (included) to
 * renewal n + 1 (excluded).
 */
export function anniversaryDate(anchor: string, cycle: BillingCycle, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`renewal number ${n} is not a whole number ≥ 0`);
  const start = parseDate(anchor);
  const months = cycle === "monthly" ? n : 12 * n;
  const monthIndex = start.month - 1 + months;
  const year = start.year + Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  return formatDate({ year, month, day: Math.min(start.day, daysInMonth(year, month)) });
}

// Building an Intl.DateTimeFormat costs far more than using one, and a renewal run formats the
// same few zones thousands of times: one formatter per zone, kept (a pure cache, no state).
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();
function wallClockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    wallClockFormats.set(timeZone, format);
  }
  return format;
}

/** The calendar date (YYYY-MM-DD) that `instant` falls on in `timeZone`. */
export function calendarDateIn(instant: Date, timeZone: string): string {
  const parts = wallClockFormat(timeZone).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return formatDate({ year: part("year"), month: part("month"), day: part("day") });
}

/** A subscription's anchor: the purchase date in the buyer's zone (Europe/Paris by default). */
export function anchorDate(purchasedAt: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  return calendarDateIn(purchasedAt, timeZone);
}

const DAY = 24 * 60 * 60_000;

/** The zone's offset from UTC at `instant`, in milliseconds (east positive). */
function offsetAt(instant: number, timeZone: string): number {
  const parts = wallClockFormat(timeZone).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const wall = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * When a renewal dated `date` is due: the first instant of that calendar day in `timeZone`, as a
 * UTC instant. That is 00:00 local, except on a day where a DST change skips midnight (America/
 * Santiago, America/Havana, Asia/Beirut in some years): the day then starts at 01:00 local, and that
 * is when it is due. Computed in closed form from the zone's offsets (no search loop, so no "loop on
 * a DST change"): the day starts at the earliest instant whose local date is `date`.
 */
export function dueInstant(date: string, timeZone: string): Date {
  const { year, month, day } = parseDate(date);
  const midnightAsUtc = Date.UTC(year, month - 1, day);
  // Every offset in use is within ±18 h, so the day's first instant lies in this window; the offsets
  // in force around it are the ones 18 h before and 18 h after (at most one change in between).
  const candidates = new Set<number>();
  for (const probe of [midnightAsUtc - DAY, midnightAsUtc, midnightAsUtc + DAY]) {
    candidates.add(midnightAsUtc - offsetAt(probe, timeZone));
  }
  // Among the instants that read 00:00 on `date`, take the earliest; when none does (midnight
  // skipped), the day starts at the transition, the first instant whose local date is `date`.
  const onDate = (instant: number) => calendarDateIn(new Date(instant), timeZone) === date;
  const exactMidnights = [...candidates]
    .filter((instant) => midnightAsUtc - offsetAt(instant, timeZone) === instant)
    .sort((a, b) => a - b);
  if (exactMidnights.length > 0) return new Date(exactMidnights[0]!);
  const transition = transitionBetween(Math.min(...candidates), Math.max(...candidates), timeZone);
  if (!onDate(transition)) throw new RangeError(`no first instant found for ${date} in ${timeZone}`);
  return new Date(transition);
}

/**
 * The first instant after `from` where the zone's offset differs from the one at `from`, found by
 * bisection to the millisecond: a bounded number of steps (log2 of the window, ≈ 27 for the two
 * hours between the candidates), never an open-ended loop.
 */
function transitionBetween(from: number, to: number, timeZone: string): number {
  const before = offsetAt(from, timeZone);
  let low = from;
  let high = to;
  while (high - low > 1) {
    const middle = low + Math.floor((high - low) / 2);
    if (offsetAt(middle, timeZone) === before) low = middle;
    else high = middle;
  }
  return high;
}
