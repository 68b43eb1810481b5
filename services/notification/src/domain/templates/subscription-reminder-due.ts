import type { EventData, SubscriptionReminderDueV1 } from "@mkt/contracts";
import { formatCalendarDate, formatDateTimeIn, formatMoney } from "../locale.js";
import { composeEmail, type Template } from "./email.js";
import { signature, supportLine } from "./order-email.js";
import { greetBuyer, subscriptionLine, subscriptionLink, subscriptionName } from "./subscription-email.js";

export type SubscriptionRenewalReminderFacts = EventData<typeof SubscriptionReminderDueV1>;

/**
 * To the buyer, N days before a yearly renewal: the date and the amount, and until when (to the
 * minute, in the buyer's zone) renewal can still be stopped, from the subscription's page.
 */
export const subscriptionRenewalReminder: Template<SubscriptionRenewalReminderFacts> = (
  { subscription, renewsOn, amount, cancellableUntil },
  locale,
  context,
) => {
  const name = subscriptionName(subscription);
  const vendor = subscription.vendor.legalName;
  const day = formatCalendarDate(renewsOn, locale);
  const charge = formatMoney(amount, locale);
  const until = formatDateTimeIn(cancellableUntil, locale, subscription.timeZone);
  if (locale === "fr") {
    return composeEmail(locale, `Votre abonnement ${name} se renouvelle le ${day}`, [
      greetBuyer(subscription, locale),
      {
        paragraph: `Votre abonnement ${name} chez ${vendor} se renouvelle automatiquement le ${day} : votre carte sera débitée de ${charge}.`,
      },
      subscriptionLine(subscription, locale),
      subscriptionLink(
        context,
        subscription,
        locale,
        `Pour l'arrêter, résiliez-le depuis la page de votre abonnement avant le ${until} :`,
      ),
      { paragraph: "Pour le garder, vous n'avez rien à faire." },
      supportLine(locale, context),
      signature(locale),
    ]);
  }
  return composeEmail(locale, `Your subscription ${name} renews on ${day}`, [
    greetBuyer(subscription, locale),
    {
      paragraph: `Your subscription ${name} with ${vendor} renews automatically on ${day}: your card will be charged ${charge}.`,
    },
    subscriptionLine(subscription, locale),
    subscriptionLink(
      context,
      subscription,
      locale,
      `To stop it, cancel it from your subscription's page before ${until}:`,
    ),
    { paragraph: "To keep it, there is nothing to do." },
    supportLine(locale, context),
    signature(locale),
  ]);
};
