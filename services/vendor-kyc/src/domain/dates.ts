/**
 * Business dates (a registry extract's issue date, "today") are calendar days in Paris, where the platform and its
 * registries are.
 */
export const BUSINESS_TIME_ZONE = "Europe/Paris";

const formatter = new Intl.DateTimeFormat("en-CA", {
  timeZone: BUSINESS_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The calendar date (`YYYY-MM-DD`) of an instant in the business time zone. */
export function businessDate(instant: Date): string {
  return formatter.format(instant);
}

/**
 * A calendar date `months` later; a day the target month lacks becomes its last day
 * (30 November + 3 months = 28 February, or 29 in a leap year).
 */
export function addCalendarMonths(date: string, months: number): string {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${pad(targetYear, 4)}-${pad(targetMonth)}-${pad(Math.min(day, lastDay))}`;
}
