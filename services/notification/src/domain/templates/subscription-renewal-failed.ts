import type { EventData, SubscriptionRenewalFailedV1 } from "@mkt/contracts";
import { formatDateIn, formatDateTimeIn, formatMoney } from "../locale.js";
import { composeEmail, type Template } from "./email.js";
import { signature, supportLine } from "./order-email.js";
import {
  declineInWords,
  greetBuyer,
  greetVendor,
  paymentMethodsUrl,
  periodDays,
  subscriptionBuyerLines,
  subscriptionLink,
  subscriptionName,
  vendorSubscriptionLink,
} from "./subscription-email.js";

export type SubscriptionRenewalFailedFacts = EventData<typeof SubscriptionRenewalFailedV1>;

/**
 * To the buyer, when a period's charge failed: the amount, why in plain words, where to update
 * the card, and when the next attempt is (in the buyer's zone), or that this was the last one.
 */
export const subscriptionRenewalFailed: Template<SubscriptionRenewalFailedFacts> = (
  { subscription, period, amount, declineCode, nextRetryAt, failedAt },
  locale,
  context,
) => {
  const name = subscriptionName(subscription);
  const vendor = subscription.vendor.legalName;
  const charge = formatMoney(amount, locale);
  const day = formatDateIn(failedAt, locale, subscription.timeZone);
  const { span } = periodDays(period, locale);
  const why = declineInWords(declineCode, locale);
  const retry = nextRetryAt ? formatDateTimeIn(nextRetryAt, locale, subscription.timeZone) : null;
  if (locale === "fr") {
    return composeEmail(locale, `Le paiement de votre abonnement ${name} a échoué`, [
      greetBuyer(subscription, locale),
      {
        paragraph: `Le ${day}, le prélèvement de ${charge} pour votre abonnement ${name} chez ${vendor} (période ${span}) a échoué : ${why}.`,
      },
      { link: ["Mettez à jour votre carte :", paymentMethodsUrl(context)] },
      {
        paragraph: retry
          ? `Nous réessaierons le ${retry} avec la carte enregistrée.`
          : "C'était la dernière tentative : votre abonnement va être suspendu. Réglez la période ouverte depuis la page de votre abonnement pour le garder.",
      },
      subscriptionLink(context, subscription, locale),
      supportLine(locale, context),
      signature(locale),
    ]);
  }
  return composeEmail(locale, `The payment for your subscription ${name} failed`, [
    greetBuyer(subscription, locale),
    {
      paragraph: `On ${day}, the charge of ${charge} for your subscription ${name} with ${vendor} (period ${span}) failed: ${why}.`,
    },
    { link: ["Update your card:", paymentMethodsUrl(context)] },
    {
      paragraph: retry
        ? `We will try again on ${retry} with the saved card.`
        : "This was the last attempt: your subscription is about to be suspended. Pay the open period from your subscription's page to keep it.",
    },
    subscriptionLink(context, subscription, locale),
    supportLine(locale, context),
    signature(locale),
  ]);
};

/**
 * To the vendor, when a period's charge failed: whose, how much, and when it is retried (or that it was the last try).
 */
export const vendorSubscriptionRenewalFailed: Template<SubscriptionRenewalFailedFacts> = (
  { subscription, period, amount, failures, nextRetryAt },
  locale,
  context,
) => {
  const name = subscriptionName(subscription);
  const buyer = subscription.buyer.name;
  const vendor = subscription.vendor.legalName;
  const charge = formatMoney(amount, locale);
  const { span } = periodDays(period, locale);
  const retry = nextRetryAt ? formatDateTimeIn(nextRetryAt, locale, subscription.timeZone) : null;
  if (locale === "fr") {
    return composeEmail(locale, `Échec du paiement d'un renouvellement : ${name}, ${buyer}`, [
      greetVendor(locale),
      {
        paragraph: `Le prélèvement de ${charge} pour l'abonnement ${name} de ${buyer} auprès de ${vendor} (période ${span}) a échoué (tentative n° ${failures}). L'acheteur est invité à mettre à jour sa carte.`,
      },
      subscriptionBuyerLines(subscription, locale),
      {
        paragraph: retry
          ? `Prochaine tentative : le ${retry}.`
          : "C'était la dernière tentative : l'abonnement va être suspendu.",
      },
      vendorSubscriptionLink(context, subscription, locale),
      { paragraph: `Une question ? Écrivez-nous à ${context.supportEmail}.` },
      signature(locale),
    ]);
  }
  return composeEmail(locale, `Renewal payment failed: ${name}, ${buyer}`, [
    greetVendor(locale),
    {
      paragraph: `The charge of ${charge} for the subscription ${name} of ${buyer} with ${vendor} (period ${span}) failed (attempt ${failures}). The buyer is asked to update its card.`,
    },
    subscriptionBuyerLines(subscription, locale),
    {
      paragraph: retry
        ? `Next attempt: ${retry}.`
        : "This was the last attempt: the subscription is about to be suspended.",
    },
    vendorSubscriptionLink(context, subscription, locale),
    { paragraph: `A question? Write to us at ${context.supportEmail}.` },
    signature(locale),
  ]);
};
