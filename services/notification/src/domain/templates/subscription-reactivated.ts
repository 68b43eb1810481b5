import type { EventData, SubscriptionReactivatedV1 } from "@mkt/contracts";
import { composeEmail, type Template } from "./email.js";
import { signature, supportLine } from "./order-email.js";
import {
  greetBuyer,
  greetVendor,
  periodDays,
  subscriptionBuyerLines,
  subscriptionLink,
  subscriptionName,
  vendorSubscriptionLink,
} from "./subscription-email.js";

export type SubscriptionReactivatedFacts = EventData<typeof SubscriptionReactivatedV1>;

/** To the buyer, once the open period of a suspended subscription is paid: active again, on the same dates. */
export const subscriptionReactivated: Template<SubscriptionReactivatedFacts> = (
  { subscription, period },
  locale,
  context,
) => {
  const name = subscriptionName(subscription);
  const vendor = subscription.vendor.legalName;
  const { span } = periodDays(period, locale);
  if (locale === "fr") {
    return composeEmail(locale, `Votre abonnement ${name} est réactivé`, [
      greetBuyer(subscription, locale),
      {
        paragraph: `Votre paiement est reçu : votre abonnement ${name} chez ${vendor} est de nouveau actif pour la période ${span}, aux mêmes dates d'échéance qu'avant.`,
      },
      subscriptionLink(context, subscription, locale),
      supportLine(locale, context),
      signature(locale),
    ]);
  }
  return composeEmail(locale, `Your subscription ${name} is reactivated`, [
    greetBuyer(subscription, locale),
    {
      paragraph: `Your payment is received: your subscription ${name} with ${vendor} is active again for the period ${span}, on the same due dates as before.`,
    },
    subscriptionLink(context, subscription, locale),
    supportLine(locale, context),
    signature(locale),
  ]);
};

/** To the vendor, when a suspended subscription is paid: active again, restore the service. */
export const vendorSubscriptionReactivated: Template<SubscriptionReactivatedFacts> = (
  { subscription, period },
  locale,
  context,
) => {
  const name = subscriptionName(subscription);
  const buyer = subscription.buyer.name;
  const vendor = subscription.vendor.legalName;
  const { span } = periodDays(period, locale);
  if (locale === "fr") {
    return composeEmail(locale, `Abonnement réactivé : ${name}, ${buyer}`, [
      greetVendor(locale),
      {
        paragraph: `${buyer} a réglé la période ouverte : l'abonnement ${name} auprès de ${vendor} est de nouveau actif pour la période ${span}. Rétablissez le service si vous l'aviez interrompu.`,
      },
      subscriptionBuyerLines(subscription, locale),
      vendorSubscriptionLink(context, subscription, locale),
      { paragraph: `Une question ? Écrivez-nous à ${context.supportEmail}.` },
      signature(locale),
    ]);
  }
  return composeEmail(locale, `Subscription reactivated: ${name}, ${buyer}`, [
    greetVendor(locale),
    {
      paragraph: `${buyer} paid the open period: the subscription ${name} with ${vendor} is active again for the period ${span}. Restore the service if you had cut it.`,
    },
    subscriptionBuyerLines(subscription, locale),
    vendorSubscriptionLink(context, subscription, locale),
    { paragraph: `A question? Write to us at ${context.supportEmail}.` },
    signature(locale),
  ]);
};
