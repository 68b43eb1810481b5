import type { SubscriptionFacts } from "@mkt/contracts";
import { dayBefore, formatCalendarDate, formatMoney, type Locale } from "../locale.js";
import { webUrl } from "../web-routes.js";
import type { Block, MailContext } from "./email.js";

/** A subscription as every subscription event carries it: buyer and vendor snapshots, the plan, its terms and state. */
export type SubscriptionEmailSubscription = SubscriptionFacts;

/** A renewal period: its first day (included) and the next period's first day (excluded). */
export interface SubscriptionPeriod {
  number: number;
  startsOn: string;
  endsBefore: string;
}

/** What the buyer subscribed to, as people name it: `Kubernetes managé — Pro`. */
export const subscriptionName = (subscription: SubscriptionEmailSubscription): string =>
  `${subscription.productName} — ${subscription.planName}`;

/** `mois` / `month`, `an` / `year`: what one period is. */
export const per = (subscription: SubscriptionEmailSubscription, locale: Locale): string =>
  locale === "fr"
    ? subscription.billingCycle === "yearly"
      ? "an"
      : "mois"
    : subscription.billingCycle === "yearly"
      ? "year"
      : "month";

/** The price of one period before tax, as the order emails write a line: `2 × 49,00 € / mois = 98,00 €`. */
export function periodPrice(subscription: SubscriptionEmailSubscription, locale: Locale): string {
  const { unitPrice, quantity } = subscription;
  const amount = { amount: unitPrice.amount * quantity, currency: unitPrice.currency };
  return `${quantity} × ${formatMoney(unitPrice, locale)} / ${per(subscription, locale)} = ${formatMoney(amount, locale)}`;
}

/** The subscription as a list line: `Kubernetes managé — Pro : 2 × 49,00 € / mois = 98,00 €`. */
export function subscriptionLine(subscription: SubscriptionEmailSubscription, locale: Locale): Block {
  return { list: [[subscriptionName(subscription), periodPrice(subscription, locale)]] };
}

/**
 * The VAT that comes on top of a price before tax, in words: the rate, the reverse charge, or
 * nothing (outside the scope of EU VAT). The started event carries no totals: the amount is not
 * computed here (money rules live in @mkt/pricing, which the subscription service applies).
 */
export function vatOnTop(subscription: SubscriptionEmailSubscription, locale: Locale): string {
  const vat = subscription.vatTreatment;
  const rate = (vat.rateBasisPoints / 100).toLocaleString(locale === "fr" ? "fr-FR" : "en-GB");
  if (locale === "fr")
    return vat.kind === "standard"
      ? `hors taxes, TVA ${rate} % en sus`
      : vat.kind === "reverse-charge"
        ? "hors taxes, autoliquidation de la TVA"
        : "hors taxes, hors du champ de la TVA de l'UE";
  return vat.kind === "standard"
    ? `excl. VAT, plus VAT at ${rate}%`
    : vat.kind === "reverse-charge"
      ? "excl. VAT, VAT reverse charge"
      : "excl. VAT, outside the scope of EU VAT";
}

/** A period as people read it, both days included: `du 15 décembre 2026 au 14 janvier 2027`. */
export function periodDays(period: SubscriptionPeriod, locale: Locale): { first: string; last: string; span: string } {
  const first = formatCalendarDate(period.startsOn, locale);
  const last = formatCalendarDate(dayBefore(period.endsBefore), locale);
  return { first, last, span: locale === "fr" ? `du ${first} au ${last}` : `from ${first} to ${last}` };
}

/** The buyer as a vendor needs it about a subscription: who, and how to reach it. */
export function subscriptionBuyerLines(subscription: SubscriptionEmailSubscription, locale: Locale): Block {
  const { buyer } = subscription;
  const fr = locale === "fr";
  const kind = fr
    ? buyer.kind === "company"
      ? "entreprise"
      : "particulier"
    : buyer.kind === "company"
      ? "company"
      : "individual";
  return {
    list: [
      [fr ? "Acheteur" : "Buyer", `${buyer.name} (${kind})`],
      [fr ? "E-mail" : "Email", buyer.email],
      [fr ? "Abonnement" : "Subscription", subscriptionName(subscription)],
    ],
  };
}

/** The subscription's page in the storefront: periods, invoices, stop or resume renewal, pay the open period. */
export const subscriptionUrl = (context: MailContext, subscription: SubscriptionEmailSubscription) =>
  webUrl(context.storefrontWebUrl, "storefront", "subscription", { subscriptionId: subscription.subscriptionId });
/** A renewal's invoice, as the signed-in buyer downloads it. */
export const subscriptionInvoiceUrl = (
  context: MailContext,
  subscription: SubscriptionEmailSubscription,
  number: string,
) =>
  webUrl(context.storefrontWebUrl, "storefront", "subscriptionInvoice", {
    subscriptionId: subscription.subscriptionId,
    number,
  });
/** Where the buyer replaces the card renewals are charged to. */
export const paymentMethodsUrl = (context: MailContext) =>
  webUrl(context.storefrontWebUrl, "storefront", "paymentMethods");
/** The subscription in the vendor portal. */
export const vendorSubscriptionUrl = (context: MailContext, subscription: SubscriptionEmailSubscription) =>
  webUrl(context.vendorPortalUrl, "vendorPortal", "subscription", { subscriptionId: subscription.subscriptionId });

/**
 * Why a card was declined, in plain words for the buyer. The event's `declineCode` is the
 * payment's reason (`card-declined`, `insufficient-funds`, …) or the processor's code
 * (`generic_decline`, `insufficient_funds`, …): both spellings are read alike; any other code,
 * or none, is "the bank declined it".
 */
export function declineInWords(declineCode: string | null, locale: Locale): string {
  const code = (declineCode ?? "").toLowerCase().replace(/_/g, "-");
  const fr = locale === "fr";
  switch (code) {
    case "insufficient-funds":
      return fr ? "le solde de la carte était insuffisant" : "the card had insufficient funds";
    case "expired-card":
      return fr ? "la carte a expiré" : "the card has expired";
    case "authentication-required":
    case "authentication-failed":
    case "payment-intent-authentication-failure":
      return fr
        ? "la banque demande que vous confirmiez le paiement vous-même (authentification forte)"
        : "the bank asks you to confirm the payment yourself (strong customer authentication)";
    case "no-saved-card":
      return fr ? "aucune carte n'est enregistrée pour ce paiement" : "no card is saved for this payment";
    case "lost-card":
    case "stolen-card":
      return fr ? "la carte a été déclarée perdue ou volée" : "the card was reported lost or stolen";
    case "incorrect-cvc":
    case "invalid-cvc":
      return fr ? "le code de sécurité de la carte est incorrect" : "the card's security code is incorrect";
    case "processing-error":
      return fr
        ? "une erreur technique est survenue chez le prestataire de paiement"
        : "a technical error occurred at the payment provider";
    default:
      return fr ? "la banque a refusé le paiement" : "the bank declined the payment";
  }
}

/** "Hello <buyer>," in the buyer's language. */
export const greetBuyer = (subscription: SubscriptionEmailSubscription, locale: Locale): Block => ({
  paragraph: locale === "fr" ? `Bonjour ${subscription.buyer.name},` : `Hello ${subscription.buyer.name},`,
});

/** A vendor's emails begin as the order emails to vendors do. */
export const greetVendor = (locale: Locale): Block => ({ paragraph: locale === "fr" ? "Bonjour," : "Hello," });

/** The vendor portal's subscription page, as the last link of a vendor's email. */
export const vendorSubscriptionLink = (
  context: MailContext,
  subscription: SubscriptionEmailSubscription,
  locale: Locale,
): Block => ({
  link: [
    locale === "fr" ? "L'abonnement dans votre espace vendeur :" : "The subscription in your vendor portal:",
    vendorSubscriptionUrl(context, subscription),
  ],
});

/** The subscription's page in the storefront, as a buyer's email links it. */
export const subscriptionLink = (
  context: MailContext,
  subscription: SubscriptionEmailSubscription,
  locale: Locale,
  label?: string,
): Block => ({
  link: [
    label ?? (locale === "fr" ? "Votre abonnement dans Mes achats :" : "Your subscription in My purchases:"),
    subscriptionUrl(context, subscription),
  ],
});
