import type { EventData, SubscriptionSuspendedV1 } from "@mkt/contracts";
import { formatDateIn, formatMoney } from "../locale.js";
import { composeEmail, type Template } from "./email.js";
import { signature, supportLine } from "./order-email.js";
import {
  greetBuyer,
  greetVendor,
  paymentMethodsUrl,
  subscriptionBuyerLines,
  subscriptionLink,
  subscriptionName,
  vendorSubscriptionLink,
} from "./subscription-email.js";

export type SubscriptionSuspendedFacts = EventData<typeof SubscriptionSuspendedV1>;

/**
 * To the buyer, after the last failed retry: suspended (the vendor may cut the service), how to
 * reactivate it (pay the amount due with a new card), and the day it ends otherwise.
 */
export const subscriptionSuspended: Template<SubscriptionSuspendedFacts> = (
  { subscription, amountDue, endsAt },
  locale,
  context,
) => {
  const name = subscriptionName(subscription);
  const vendor = subscription.vendor.legalName;
  const due = formatMoney(amountDue, locale);
  const ends = formatDateIn(endsAt, locale, subscription.timeZone);
  if (locale === "fr") {
    return composeEmail(locale, `Votre abonnement ${name} est suspendu`, [
      greetBuyer(subscription, locale),
      {
        paragraph: `Le dernier essai de prélèvement pour votre abonnement ${name} chez ${vendor} a échoué : l'abonnement est suspendu, et ${vendor} peut interrompre le service.`,
      },
      { paragraph: `Pour le réactiver, réglez ${due} avec une nouvelle carte. Enregistrez-la :` },
      { link: ["Vos moyens de paiement :", paymentMethodsUrl(context)] },
      subscriptionLink(
        context,
        subscription,
        locale,
        "Puis payez la période ouverte depuis la page de votre abonnement :",
      ),
      { paragraph: `Sans paiement, l'abonnement prendra fin le ${ends}.` },
      supportLine(locale, context),
      signature(locale),
    ]);
  }
  return composeEmail(locale, `Your subscription ${name} is suspended`, [
    greetBuyer(subscription, locale),
    {
      paragraph: `The last attempt to charge your subscription ${name} with ${vendor} failed: the subscription is suspended, and ${vendor} may cut the service.`,
    },
    { paragraph: `To reactivate it, pay ${due} with a new card. Save it first:` },
    { link: ["Your payment methods:", paymentMethodsUrl(context)] },
    subscriptionLink(context, subscription, locale, "Then pay the open period from your subscription's page:"),
    { paragraph: `Without a payment, the subscription ends on ${ends}.` },
    supportLine(locale, context),
    signature(locale),
  ]);
};

/**
 * To the vendor, when a subscription is suspended: it may cut the service; paid, it is reactivated; unpaid, it ends.
 */
export const vendorSubscriptionSuspended: Template<SubscriptionSuspendedFacts> = (
  { subscription, amountDue, endsAt },
  locale,
  context,
) => {
  const name = subscriptionName(subscription);
  const buyer = subscription.buyer.name;
  const vendor = subscription.vendor.legalName;
  const due = formatMoney(amountDue, locale);
  const ends = formatDateIn(endsAt, locale, subscription.timeZone);
  if (locale === "fr") {
    return composeEmail(locale, `Abonnement suspendu : ${name}, ${buyer}`, [
      greetVendor(locale),
      {
        paragraph: `L'abonnement ${name} de ${buyer} auprès de ${vendor} est suspendu : le dernier essai de prélèvement de ${due} a échoué. Vous pouvez interrompre le service jusqu'au paiement.`,
      },
      subscriptionBuyerLines(subscription, locale),
      {
        paragraph: `Si l'acheteur paie, l'abonnement est réactivé et vous en serez informé ; sinon il prend fin le ${ends}.`,
      },
      vendorSubscriptionLink(context, subscription, locale),
      { paragraph: `Une question ? Écrivez-nous à ${context.supportEmail}.` },
      signature(locale),
    ]);
  }
  return composeEmail(locale, `Subscription suspended: ${name}, ${buyer}`, [
    greetVendor(locale),
    {
      paragraph: `The subscription ${name} of ${buyer} with ${vendor} is suspended: the last attempt to charge ${due} failed. You may cut the service until it is paid.`,
    },
    subscriptionBuyerLines(subscription, locale),
    {
      paragraph: `If the buyer pays, the subscription is reactivated and you will be told; otherwise it ends on ${ends}.`,
    },
    vendorSubscriptionLink(context, subscription, locale),
    { paragraph: `A question? Write to us at ${context.supportEmail}.` },
    signature(locale),
  ]);
};
