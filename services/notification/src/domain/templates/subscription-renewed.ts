import type { EventData, SubscriptionRenewedV1 } from "@mkt/contracts";
import { formatCalendarDate, formatMoney } from "../locale.js";
import { composeEmail, type Template } from "./email.js";
import { orderTotals, signature, supportLine } from "./order-email.js";
import {
  greetBuyer,
  greetVendor,
  periodDays,
  subscriptionBuyerLines,
  subscriptionInvoiceUrl,
  subscriptionLine,
  subscriptionLink,
  subscriptionName,
  vendorSubscriptionLink,
} from "./subscription-email.js";

export type SubscriptionRenewedFacts = EventData<typeof SubscriptionRenewedV1>;

/**
 * To the buyer, when a period is paid: the amount charged, the period (its first and last day),
 * the invoice with its link, and the next due date. Period 0 (a trial's first charge) is "paid",
 * the others "renewed".
 */
export const subscriptionRenewed: Template<SubscriptionRenewedFacts> = (
  { subscription, period, totals, invoiceNumber, nextDueOn },
  locale,
  context,
) => {
  const name = subscriptionName(subscription);
  const vendor = subscription.vendor.legalName;
  const total = formatMoney(totals.total, locale);
  const { span } = periodDays(period, locale);
  const next = formatCalendarDate(nextDueOn, locale);
  const invoiceUrl = subscriptionInvoiceUrl(context, subscription, invoiceNumber);
  const first = period.number === 0;
  if (locale === "fr") {
    return composeEmail(
      locale,
      `Votre abonnement ${name} est ${first ? "payé" : "renouvelé"} : facture ${invoiceNumber}`,
      [
        greetBuyer(subscription, locale),
        {
          paragraph: `${first ? "La première période de votre abonnement" : "Votre abonnement"} ${name} chez ${vendor} est ${first ? "payée" : "renouvelé"} pour la période ${span}. Votre carte est débitée de ${total}.`,
        },
        subscriptionLine(subscription, locale),
        ...orderTotals({ vatTreatment: subscription.vatTreatment, totals }, locale),
        { link: [`Votre facture ${invoiceNumber} (PDF) :`, invoiceUrl] },
        { paragraph: `Prochaine échéance : le ${next}.` },
        subscriptionLink(context, subscription, locale),
        supportLine(locale, context),
        signature(locale),
      ],
    );
  }
  return composeEmail(locale, `Your subscription ${name} is ${first ? "paid" : "renewed"}: invoice ${invoiceNumber}`, [
    greetBuyer(subscription, locale),
    {
      paragraph: `${first ? "The first period of your subscription" : "Your subscription"} ${name} with ${vendor} is ${first ? "paid" : "renewed"} for the period ${span}. Your card is charged ${total}.`,
    },
    subscriptionLine(subscription, locale),
    ...orderTotals({ vatTreatment: subscription.vatTreatment, totals }, locale),
    { link: [`Your invoice ${invoiceNumber} (PDF):`, invoiceUrl] },
    { paragraph: `Next due date: ${next}.` },
    subscriptionLink(context, subscription, locale),
    supportLine(locale, context),
    signature(locale),
  ]);
};

/** To the vendor, when a period is paid: who paid, how much, the invoice number issued for it, and the fee. */
export const vendorSubscriptionRenewed: Template<SubscriptionRenewedFacts> = (
  { subscription, period, totals, invoiceNumber },
  locale,
  context,
) => {
  const name = subscriptionName(subscription);
  const buyer = subscription.buyer.name;
  const vendor = subscription.vendor.legalName;
  const total = formatMoney(totals.total, locale);
  const fee = formatMoney(totals.fee, locale);
  const { span } = periodDays(period, locale);
  if (locale === "fr") {
    return composeEmail(locale, `Renouvellement payé : ${name}, ${buyer}`, [
      greetVendor(locale),
      {
        paragraph: `${buyer} a payé ${total} pour son abonnement ${name} auprès de ${vendor}, période ${span}.`,
      },
      subscriptionBuyerLines(subscription, locale),
      ...orderTotals({ vatTreatment: subscription.vatTreatment, totals }, locale),
      { list: [["Facture", invoiceNumber]] },
      { paragraph: `Frais de transaction de la marketplace (3 %) : ${fee}.` },
      vendorSubscriptionLink(context, subscription, locale),
      { paragraph: `Une question ? Écrivez-nous à ${context.supportEmail}.` },
      signature(locale),
    ]);
  }
  return composeEmail(locale, `Renewal paid: ${name}, ${buyer}`, [
    greetVendor(locale),
    { paragraph: `${buyer} paid ${total} for its subscription ${name} with ${vendor}, period ${span}.` },
    subscriptionBuyerLines(subscription, locale),
    ...orderTotals({ vatTreatment: subscription.vatTreatment, totals }, locale),
    { list: [["Invoice", invoiceNumber]] },
    { paragraph: `The marketplace's transaction fee (3%): ${fee}.` },
    vendorSubscriptionLink(context, subscription, locale),
    { paragraph: `A question? Write to us at ${context.supportEmail}.` },
    signature(locale),
  ]);
};
