import { formatDateTime } from "../locale.js";
import { composeEmail, type Template } from "./email.js";
import { orderLines, type OrderEmailOrder, orderReference } from "./order-email.js";
import { howToAnswer } from "./vendor-order-received.js";

export interface VendorOrderReminderFacts {
  order: OrderEmailOrder;
}

/** To the vendor, 24 hours after transmission without an answer: 24 hours left, then the order is overdue. */
export const vendorOrderReminder: Template<VendorOrderReminderFacts> = ({ order }, locale, context) => {
  const due = formatDateTime(order.validationDueAt, locale);
  const autoCancel = formatDateTime(order.autoCancelAt, locale);
  if (locale === "fr") {
    return composeEmail(locale, `Rappel : plus que 24 heures pour valider la commande ${orderReference(order)}`, [
      { paragraph: "Bonjour," },
      {
        paragraph: `La commande ${orderReference(order)} de ${order.buyer.name} à ${order.vendor.legalName} attend toujours votre réponse. Il reste 24 heures : acceptez-la ou refusez-la avant le ${due}.`,
      },
      orderLines(order, locale),
      {
        paragraph: `Passé ce délai, la commande est en retard : l'acheteur et nos équipes sont prévenus et l'acheteur peut l'annuler ; elle est annulée automatiquement le ${autoCancel}.`,
      },
      ...howToAnswer(order, locale, context),
      { paragraph: `Une question ? Écrivez-nous à ${context.supportEmail}.` },
      { paragraph: "L'équipe de la marketplace" },
    ]);
  }
  return composeEmail(locale, `Reminder: 24 hours left to validate order ${orderReference(order)}`, [
    { paragraph: "Hello," },
    {
      paragraph: `The order ${orderReference(order)} of ${order.buyer.name} to ${order.vendor.legalName} is still waiting for an answer. 24 hours are left: accept or refuse it by ${due}.`,
    },
    orderLines(order, locale),
    {
      paragraph: `Past that, the order is overdue: the buyer and our team are told and the buyer may cancel it; it is cancelled automatically on ${autoCancel}.`,
    },
    ...howToAnswer(order, locale, context),
    { paragraph: `A question? Write to us at ${context.supportEmail}.` },
    { paragraph: "The marketplace team" },
  ]);
};
