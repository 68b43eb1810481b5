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

/** `26 novembre 2026 à 15:30 (heure de Paris)` / `26 November 2026 at 15:30 (Paris time)`: a deadline, to the minute. */
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
