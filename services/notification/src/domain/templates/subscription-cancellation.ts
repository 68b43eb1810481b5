import type { EventData, SubscriptionCancellationScheduledV1, SubscriptionCancellationUndoneV1 } from "@mkt/contracts";
import { formatCalendarDate, formatMoney } from "../locale.js";
import { composeEmail, type Template } from "./email.js";
import { signature, supportLine } from "./order-email.js";
import {
  greetBuyer,
  greetVendor,
  per,
  periodPrice,
  subscriptionBuyerLines,
  subscriptionLink,
  subscriptionName,
  vatOnTop,
  vendorSubscriptionLink,
} from "./subscription-email.js";

export type SubscriptionCancellationScheduledFacts = EventData<typeof SubscriptionCancellationScheduledV1>;
export type SubscriptionCancellationUndoneFacts = EventData<typeof SubscriptionCancellationUndoneV1>;

/** Why the cancellation waits: the commitment's term, in months from the anchor. */
const commitmentNote = (
  facts: SubscriptionCancellationScheduledFacts,
  locale: "fr" | "en",
  whose: "buyer" | "vendor",
) =>
  locale === "fr"
    ? `${whose === "buyer" ? "Votre abonnement comporte" : "L'abonnement comporte"} un engagement de ${facts.subscription.commitmentMonths} mois : la résiliation prend effet à la fin de la période d'engagement.`
    : `${whose === "buyer" ? "Your subscription has" : "The subscription has"} a ${facts.subscription.commitmentMonths}-month commitment: the cancellation takes effect at the end of the committed term.`;

/**
 * To the buyer, once it confirmed stopping renewal: the last day of service, the amount no longer
 * charged from when, the commitment that defers it when there is one, and how to undo it.
 */
export const subscriptionCancellationScheduled: Template<SubscriptionCancellationScheduledFacts> = (
  facts,
  locale,
  context,
) => {
  const { subscription, lastDayOfService, effectiveOn, amountNoLongerCharged, deferredByCommitment } = facts;
  const name = subscriptionName(subscription);
  const vendor = subscription.vendor.legalName;
  const lastDay = formatCalendarDate(lastDayOfService, locale);
  const from = formatCalendarDate(effectiveOn, locale);
  const amount = formatMoney(amountNoLongerCharged, locale);
  if (locale === "fr") {
    return composeEmail(locale, `Résiliation confirmée : ${name}`, [
      greetBuyer(subscription, locale),
      { paragraph: `Le renouvellement de votre abonnement ${name} chez ${vendor} est arrêté.` },
      {
        list: [
          ["Dernier jour de service", lastDay],
          ["Montant qui ne sera plus débité", `${amount} / ${per(subscription, locale)}`],
        ],
      },
      { paragraph: `Plus rien n'est débité à partir du ${from}.` },
      ...(deferredByCommitment ? [{ paragraph: commitmentNote(facts, locale, "buyer") }] : []),
      subscriptionLink(
        context,
        subscription,
        locale,
        `Vous changez d'avis ? Annulez la résiliation depuis la page de votre abonnement, avant le ${from} :`,
      ),
      supportLine(locale, context),
      signature(locale),
    ]);
  }
  return composeEmail(locale, `Cancellation confirmed: ${name}`, [
    greetBuyer(subscription, locale),
    { paragraph: `The renewal of your subscription ${name} with ${vendor} is stopped.` },
    {
      list: [
        ["Last day of service", lastDay],
        ["Amount no longer charged", `${amount} / ${per(subscription, locale)}`],
      ],
    },
    { paragraph: `Nothing is charged from ${from} on.` },
    ...(deferredByCommitment ? [{ paragraph: commitmentNote(facts, locale, "buyer") }] : []),
    subscriptionLink(
      context,
      subscription,
      locale,
      `Changed your mind? Undo the cancellation from your subscription's page, before ${from}:`,
    ),
    supportLine(locale, context),
    signature(locale),
  ]);
};

/** To the vendor, when a buyer stopped renewal: the last day of service and from when nothing is charged. */
export const vendorSubscriptionCancellationScheduled: Template<SubscriptionCancellationScheduledFacts> = (
  facts,
  locale,
  context,
) => {
  const { subscription, lastDayOfService, effectiveOn, amountNoLongerCharged, deferredByCommitment } = facts;
  const name = subscriptionName(subscription);
  const buyer = subscription.buyer.name;
  const vendor = subscription.vendor.legalName;
  const lastDay = formatCalendarDate(lastDayOfService, locale);
  const from = formatCalendarDate(effectiveOn, locale);
  const amount = formatMoney(amountNoLongerCharged, locale);
  if (locale === "fr") {
    return composeEmail(locale, `Résiliation programmée : ${name}, ${buyer}`, [
      greetVendor(locale),
      {
        paragraph: `Le renouvellement de l'abonnement ${name} de ${buyer} auprès de ${vendor} est arrêté. Le service court jusqu'au ${lastDay} inclus ; plus rien n'est débité à partir du ${from} (${amount} par échéance).`,
      },
      ...(deferredByCommitment ? [{ paragraph: commitmentNote(facts, locale, "vendor") }] : []),
      subscriptionBuyerLines(subscription, locale),
      { paragraph: "L'acheteur peut encore annuler sa résiliation d'ici là : vous en serez informé." },
      vendorSubscriptionLink(context, subscription, locale),
      { paragraph: `Une question ? Écrivez-nous à ${context.supportEmail}.` },
      signature(locale),
    ]);
  }
  return composeEmail(locale, `Cancellation scheduled: ${name}, ${buyer}`, [
    greetVendor(locale),
    {
      paragraph: `The renewal of the subscription ${name} of ${buyer} with ${vendor} is stopped. Service runs until ${lastDay} included; nothing is charged from ${from} (${amount} per period).`,
    },
    ...(deferredByCommitment ? [{ paragraph: commitmentNote(facts, locale, "vendor") }] : []),
    subscriptionBuyerLines(subscription, locale),
    { paragraph: "The buyer may still undo the cancellation until then: you will be told." },
    vendorSubscriptionLink(context, subscription, locale),
    { paragraph: `A question? Write to us at ${context.supportEmail}.` },
    signature(locale),
  ]);
};

/** To the buyer, when it undid a scheduled cancellation: the subscription renews again, at its price. */
export const subscriptionCancellationUndone: Template<SubscriptionCancellationUndoneFacts> = (
  { subscription, effectiveOn },
  locale,
  context,
) => {
  const name = subscriptionName(subscription);
  const vendor = subscription.vendor.legalName;
  const from = formatCalendarDate(effectiveOn, locale);
  if (locale === "fr") {
    return composeEmail(locale, `Votre abonnement ${name} continue`, [
      greetBuyer(subscription, locale),
      {
        paragraph: `La résiliation de votre abonnement ${name} chez ${vendor} est annulée : il se renouvelle de nouveau le ${from}, au prix de ${periodPrice(subscription, locale)} (${vatOnTop(subscription, locale)}).`,
      },
      subscriptionLink(context, subscription, locale),
      supportLine(locale, context),
      signature(locale),
    ]);
  }
  return composeEmail(locale, `Your subscription ${name} continues`, [
    greetBuyer(subscription, locale),
    {
      paragraph: `The cancellation of your subscription ${name} with ${vendor} is undone: it renews again on ${from}, at ${periodPrice(subscription, locale)} (${vatOnTop(subscription, locale)}).`,
    },
    subscriptionLink(context, subscription, locale),
    supportLine(locale, context),
    signature(locale),
  ]);
};

/** To the vendor, when a buyer undid its cancellation: the subscription renews again. */
export const vendorSubscriptionCancellationUndone: Template<SubscriptionCancellationUndoneFacts> = (
  { subscription, effectiveOn },
  locale,
  context,
) => {
  const name = subscriptionName(subscription);
  const buyer = subscription.buyer.name;
  const vendor = subscription.vendor.legalName;
  const from = formatCalendarDate(effectiveOn, locale);
  if (locale === "fr") {
    return composeEmail(locale, `Résiliation annulée : ${name}, ${buyer}`, [
      greetVendor(locale),
      {
        paragraph: `${buyer} a annulé la résiliation de son abonnement ${name} auprès de ${vendor} : il se renouvelle de nouveau le ${from}.`,
      },
      subscriptionBuyerLines(subscription, locale),
      vendorSubscriptionLink(context, subscription, locale),
      { paragraph: `Une question ? Écrivez-nous à ${context.supportEmail}.` },
      signature(locale),
    ]);
  }
  return composeEmail(locale, `Cancellation undone: ${name}, ${buyer}`, [
    greetVendor(locale),
    {
      paragraph: `${buyer} undid the cancellation of its subscription ${name} with ${vendor}: it renews again on ${from}.`,
    },
    subscriptionBuyerLines(subscription, locale),
    vendorSubscriptionLink(context, subscription, locale),
    { paragraph: `A question? Write to us at ${context.supportEmail}.` },
    signature(locale),
  ]);
};
