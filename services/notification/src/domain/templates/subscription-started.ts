import type { EventData, SubscriptionStartedV1 } from "@mkt/contracts";
import { dayBefore, formatCalendarDate, formatMoney } from "../locale.js";
import { composeEmail, type Template } from "./email.js";
import { signature, supportLine } from "./order-email.js";
import { greetBuyer, subscriptionLine, subscriptionLink, subscriptionName, vatOnTop } from "./subscription-email.js";

export type SubscriptionTrialStartedFacts = EventData<typeof SubscriptionStartedV1>;

/**
 * To the buyer, when a subscription starts with a trial: the trial's last day, the first charge
 * (its date and the period's price) unless renewal is stopped, and where to stop it. A
 * subscription without a trial is not emailed: the order's acceptance already told the buyer.
 */
export const subscriptionTrialStarted: Template<SubscriptionTrialStartedFacts> = (
  { subscription, trialEndsOn, nextDueOn },
  locale,
  context,
) => {
  const trialEnd = formatCalendarDate(trialEndsOn ?? dayBefore(nextDueOn), locale);
  const firstCharge = formatCalendarDate(nextDueOn, locale);
  const price = formatMoney(
    { amount: subscription.unitPrice.amount * subscription.quantity, currency: subscription.unitPrice.currency },
    locale,
  );
  const name = subscriptionName(subscription);
  const vendor = subscription.vendor.legalName;
  const yearly = subscription.billingCycle === "yearly";
  if (locale === "fr") {
    return composeEmail(locale, `Votre essai de ${name} se termine le ${trialEnd}`, [
      greetBuyer(subscription, locale),
      { paragraph: `Votre essai gratuit de ${name} chez ${vendor} a commencé. Il se termine le ${trialEnd}.` },
      subscriptionLine(subscription, locale),
      {
        paragraph: `Le ${firstCharge}, votre carte sera débitée de ${price} (${vatOnTop(subscription, locale)}), puis ${yearly ? "chaque année" : "chaque mois"} à la même date, sauf si vous arrêtez le renouvellement avant.`,
      },
      subscriptionLink(
        context,
        subscription,
        locale,
        "Vous pouvez l'arrêter depuis la page de votre abonnement, jusqu'à 24 heures avant cette échéance :",
      ),
      supportLine(locale, context),
      signature(locale),
    ]);
  }
  return composeEmail(locale, `Your trial of ${name} ends on ${trialEnd}`, [
    greetBuyer(subscription, locale),
    { paragraph: `Your free trial of ${name} with ${vendor} has started. It ends on ${trialEnd}.` },
    subscriptionLine(subscription, locale),
    {
      paragraph: `On ${firstCharge}, your card will be charged ${price} (${vatOnTop(subscription, locale)}), then ${yearly ? "every year" : "every month"} on the same date, unless you stop the renewal before.`,
    },
    subscriptionLink(
      context,
      subscription,
      locale,
      "You can stop it from your subscription's page, until 24 hours before that date:",
    ),
    supportLine(locale, context),
    signature(locale),
  ]);
};
