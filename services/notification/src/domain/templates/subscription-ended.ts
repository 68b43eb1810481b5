import type { EventData, SubscriptionEndedV1 } from "@mkt/contracts";
import { formatCalendarDate } from "../locale.js";
import { composeEmail, type Template } from "./email.js";
import { signature, supportLine } from "./order-email.js";
import {
  greetBuyer,
  greetVendor,
  subscriptionBuyerLines,
  subscriptionLink,
  subscriptionName,
  vendorSubscriptionLink,
} from "./subscription-email.js";

export type SubscriptionEndedFacts = EventData<typeof SubscriptionEndedV1>;

/**
 * To the buyer, when a subscription ended: why (its cancellation, its withdrawal, 30 days suspended), the last day,
 * nothing more charged.
 */
export const subscriptionEnded: Template<SubscriptionEndedFacts> = (
  { subscription, reason, lastDayOfService },
  locale,
  context,
) => {
  const name = subscriptionName(subscription);
  const vendor = subscription.vendor.legalName;
  const lastDay = formatCalendarDate(lastDayOfService, locale);
  if (locale === "fr") {
    const why = {
      cancelled: `Comme vous l'avez demandé, votre abonnement ${name} chez ${vendor} a pris fin : votre dernier jour de service était le ${lastDay}.`,
      withdrawn: `Vous avez exercé votre droit de rétractation : votre abonnement ${name} chez ${vendor} a pris fin le ${lastDay}, et votre paiement est libéré ou remboursé intégralement.`,
      "suspended-too-long": `Votre abonnement ${name} chez ${vendor} est resté suspendu 30 jours sans paiement : il a pris fin, votre dernier jour de service était le ${lastDay}.`,
    }[reason];
    return composeEmail(locale, `Votre abonnement ${name} a pris fin`, [
      greetBuyer(subscription, locale),
      { paragraph: why },
      { paragraph: "Plus rien ne sera débité pour cet abonnement." },
      subscriptionLink(context, subscription, locale, "Ses factures restent dans Mes achats :"),
      supportLine(locale, context),
      signature(locale),
    ]);
  }
  const why = {
    cancelled: `As you asked, your subscription ${name} with ${vendor} has ended: your last day of service was ${lastDay}.`,
    withdrawn: `You withdrew within the legal period: your subscription ${name} with ${vendor} ended on ${lastDay}, and your payment is released or refunded in full.`,
    "suspended-too-long": `Your subscription ${name} with ${vendor} stayed suspended for 30 days without payment: it has ended, your last day of service was ${lastDay}.`,
  }[reason];
  return composeEmail(locale, `Your subscription ${name} has ended`, [
    greetBuyer(subscription, locale),
    { paragraph: why },
    { paragraph: "Nothing more will be charged for this subscription." },
    subscriptionLink(context, subscription, locale, "Its invoices stay in My purchases:"),
    supportLine(locale, context),
    signature(locale),
  ]);
};

/** To the vendor, when a subscription ended: why, the last day of service, and that it may stop the service. */
export const vendorSubscriptionEnded: Template<SubscriptionEndedFacts> = (
  { subscription, reason, lastDayOfService },
  locale,
  context,
) => {
  const name = subscriptionName(subscription);
  const buyer = subscription.buyer.name;
  const vendor = subscription.vendor.legalName;
  const lastDay = formatCalendarDate(lastDayOfService, locale);
  if (locale === "fr") {
    const why = {
      cancelled: `L'abonnement ${name} de ${buyer} auprès de ${vendor} a pris fin à sa résiliation : le dernier jour de service était le ${lastDay}.`,
      withdrawn: `${buyer} a exercé son droit de rétractation : l'abonnement ${name} auprès de ${vendor} a pris fin le ${lastDay}, et son paiement est libéré ou remboursé intégralement.`,
      "suspended-too-long": `L'abonnement ${name} de ${buyer} auprès de ${vendor} a pris fin après 30 jours de suspension sans paiement : le dernier jour de service était le ${lastDay}.`,
    }[reason];
    return composeEmail(locale, `Abonnement terminé : ${name}, ${buyer}`, [
      greetVendor(locale),
      { paragraph: why },
      subscriptionBuyerLines(subscription, locale),
      { paragraph: "Plus rien n'est débité à l'acheteur : vous pouvez arrêter le service." },
      vendorSubscriptionLink(context, subscription, locale),
      { paragraph: `Une question ? Écrivez-nous à ${context.supportEmail}.` },
      signature(locale),
    ]);
  }
  const why = {
    cancelled: `The subscription ${name} of ${buyer} with ${vendor} ended at its cancellation: the last day of service was ${lastDay}.`,
    withdrawn: `${buyer} withdrew within the legal period: the subscription ${name} with ${vendor} ended on ${lastDay}, and its payment is released or refunded in full.`,
    "suspended-too-long": `The subscription ${name} of ${buyer} with ${vendor} ended after 30 days suspended without payment: the last day of service was ${lastDay}.`,
  }[reason];
  return composeEmail(locale, `Subscription ended: ${name}, ${buyer}`, [
    greetVendor(locale),
    { paragraph: why },
    subscriptionBuyerLines(subscription, locale),
    { paragraph: "Nothing more is charged to the buyer: you may stop the service." },
    vendorSubscriptionLink(context, subscription, locale),
    { paragraph: `A question? Write to us at ${context.supportEmail}.` },
    signature(locale),
  ]);
};
