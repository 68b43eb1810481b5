/** The languages notifications are written in. */
export const LOCALES = ["fr", "en"] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * The language of a recipient nobody asked otherwise: French, the marketplace's first market.
 * (Vendors cannot choose a language yet; when they can, their choice is kept on the recipient.)
 */
export const DEFAULT_LOCALE: Locale = "fr";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** Business dates are shown in the marketplace's time zone, whatever the server's. */
export const MARKETPLACE_TIME_ZONE = "Europe/Paris";

const formats: Record<Locale, Intl.DateTimeFormat> = {
  fr: new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: MARKETPLACE_TIME_ZONE }),
  en: new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: MARKETPLACE_TIME_ZONE }),
};

/** `24 novembre 2026` / `24 November 2026`, as the day was in Paris. */
export function formatDate(at: string | Date, locale: Locale): string {
  return formats[locale].format(typeof at === "string" ? new Date(at) : at);
}

const dateTimeFormats: Record<Locale, Intl.DateTimeFormat> = {
  fr: new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeStyle: "short", timeZone: MARKETPLACE_TIME_ZONE }),
  en: new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: MARKETPLACE_TIME_ZONE }),
};

/**
 * `26 novembre 2026 à 15:30 (heure de Paris)` / `26 November 2026 at 15:30 (Paris time)`: a deadline, to the minute.
 */
export function formatDateTime(at: string | Date, locale: Locale): string {
  const text = dateTimeFormats[locale].format(typeof at === "string" ? new Date(at) : at);
  return `${text} ${locale === "fr" ? "(heure de Paris)" : "(Paris time)"}`;
}

/** One formatter per (locale, currency), built on first use: building one costs far more than formatting. */
const moneyFormats = new Map<string, { format: Intl.NumberFormat; digits: number }>();

function moneyFormat(locale: Locale, currency: string) {
  const key = `${locale} ${currency}`;
  let entry = moneyFormats.get(key);
  if (!entry) {
    const format = new Intl.NumberFormat(locale === "fr" ? "fr-FR" : "en-GB", { style: "currency", currency });
    entry = { format, digits: format.resolvedOptions().maximumFractionDigits ?? 2 };
    moneyFormats.set(key, entry);
  }
  return entry;
}

/**
 * `1 234,56 €` / `€1,234.56`: an amount in minor units with its currency. Plain spaces replace
 * the narrow no-break spaces Intl puts in French amounts, so every mail client shows them.
 */
export function formatMoney(money: { amount: number; currency: string }, locale: Locale): string {
  const { format, digits } = moneyFormat(locale, money.currency);
  return format.format(money.amount / 10 ** digits).replace(/[\u202f\u00a0]/g, " ");
}

const calendarDateFormats: Record<Locale, Intl.DateTimeFormat> = {
  fr: new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "UTC" }),
  en: new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" }),
};

/**
 * A calendar date (`2026-12-15`, a business date already decided in someone's zone, as a
 * subscription's due dates are in the buyer's) as `15 décembre 2026` / `15 December 2026`: the
 * same day wherever the server runs, never shifted by a time zone.
 */
export function formatCalendarDate(date: string, locale: Locale): string {
  return calendarDateFormats[locale].format(new Date(`${date}T00:00:00.000Z`));
}

/** The day before a calendar date: the last day of a period given by its first day excluded (`endsBefore`). */
export function dayBefore(date: string): string {
  const day = new Date(`${date}T00:00:00.000Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

/** One formatter per (locale, zone, style), built on first use (a subscription's buyer has its own zone). */
const zonedFormats = new Map<string, Intl.DateTimeFormat>();

function zonedFormat(locale: Locale, timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale} ${timeZone} ${withTime}`;
  let format = zonedFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === "fr" ? "fr-FR" : "en-GB", {
      dateStyle: "long",
      ...(withTime ? { timeStyle: "short" } : {}),
      timeZone,
    });
    zonedFormats.set(key, format);
  }
  return format;
}

/**
 * The zone itself when this runtime knows it, else the marketplace's: an event naming a zone the
 * runtime's time-zone data lacks (newer, or mistyped upstream) is still emailed, not retried forever.
 */
function knownZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone });
    return timeZone;
  } catch {
    return MARKETPLACE_TIME_ZONE;
  }
}

/** The zone's name as a person reads it beside a time: `heure de Paris` / `Paris time`, else the IANA name. */
function zoneLabel(timeZone: string, locale: Locale): string {
  if (timeZone === MARKETPLACE_TIME_ZONE) return locale === "fr" ? "heure de Paris" : "Paris time";
  return locale === "fr" ? `heure de ${timeZone}` : `${timeZone} time`;
}

/** The day an instant falls on in a zone (the buyer's): `15 décembre 2026`. */
export function formatDateIn(at: string | Date, locale: Locale, timeZone: string): string {
  return zonedFormat(locale, knownZone(timeZone), false).format(typeof at === "string" ? new Date(at) : at);
}

/** An instant to the minute in a zone (the buyer's), naming the zone: `14 décembre 2026 à 00:00 (heure de Paris)`. */
export function formatDateTimeIn(at: string | Date, locale: Locale, timeZone: string): string {
  const zone = knownZone(timeZone);
  const text = zonedFormat(locale, zone, true).format(typeof at === "string" ? new Date(at) : at);
  return `${text} (${zoneLabel(zone, locale)})`;
}
