import { formatDateTime, formatMoney } from "../locale.js";
import { composeEmail, contactLines, type Template } from "./email.js";
import { backofficeOrderUrl, type OrderEmailOrder, orderReference } from "./order-email.js";

export interface OperationsOrderOverdueFacts {
  order: OrderEmailOrder;
}

/** To the operators (OPERATIONS_EMAIL): an order is unanswered 48 hours after transmission; who to call. */
export const operationsOrderOverdue: Template<OperationsOrderOverdueFacts> = ({ order }, locale, context) => {
  const fr = locale === "fr";
  const facts: [string, string][] = [
    [fr ? "Commande" : "Order", orderReference(order)],
    [fr ? "Vendeur" : "Vendor", `${order.vendor.legalName} (${order.vendor.vendorId})`],
    ...contactLines(order.vendor.publicContact, locale),
    [fr ? "Acheteur" : "Buyer", `${order.buyer.name} <${order.buyer.email}>`],
    [fr ? "Total TTC" : "Total (incl. VAT)", formatMoney(order.totals.total, locale)],
    [fr ? "Transmise le" : "Sent on", formatDateTime(order.transmittedAt, locale)],
    [fr ? "Échéance de validation" : "Validation deadline", formatDateTime(order.validationDueAt, locale)],
    [fr ? "Annulation automatique" : "Automatic cancellation", formatDateTime(order.autoCancelAt, locale)],
  ];
  if (fr) {
    return composeEmail(locale, `Commande en retard : ${order.vendor.legalName}, ${orderReference(order)}`, [
      { paragraph: "Bonjour," },
      {
        paragraph: `${order.vendor.legalName} n'a pas répondu sous 48 heures à une commande. L'acheteur est prévenu et peut l'annuler ; sans réponse, elle sera annulée automatiquement.`,
      },
      { list: facts },
      { link: ["La commande dans le back-office :", backofficeOrderUrl(context, order.orderId)] },
    ]);
  }
  return composeEmail(locale, `Overdue order: ${order.vendor.legalName}, ${orderReference(order)}`, [
    { paragraph: "Hello," },
    {
      paragraph: `${order.vendor.legalName} has not answered an order within 48 hours. The buyer is told and may cancel it; without an answer, it is cancelled automatically.`,
    },
    { list: facts },
    { link: ["The order in the back office:", backofficeOrderUrl(context, order.orderId)] },
  ]);
};
