import { formatDate } from "../locale.js";
import { composeEmail, type Template } from "./email.js";
import {
  orderLines,
  purchaseUrl,
  signature,
  supportLine,
  type OrderEmailOrder,
  orderReference,
} from "./order-email.js";

export interface OrderCancelledFacts {
  order: OrderEmailOrder;
  reason: "buyer-cancelled-overdue" | "expired-unanswered";
  cancelledAt: string;
}

/**
 * To the buyer: the order is cancelled (at its request, or automatically after 5 days unanswered); nothing is charged.
 */
export const orderCancelled: Template<OrderCancelledFacts> = ({ order, reason, cancelledAt }, locale, context) => {
  const day = formatDate(cancelledAt, locale);
  const vendor = order.vendor.legalName;
  if (locale === "fr") {
    const why =
      reason === "buyer-cancelled-overdue"
        ? `Le ${day}, vous avez annulé votre commande ${orderReference(order)} auprès de ${vendor}, restée sans réponse au-delà de 48 heures.`
        : `Le ${day}, votre commande ${orderReference(order)} auprès de ${vendor} a été annulée automatiquement : le vendeur n'y a pas répondu dans les 5 jours.`;
    return composeEmail(locale, `Votre commande ${orderReference(order)} auprès de ${vendor} est annulée`, [
      { paragraph: `Bonjour ${order.buyer.name},` },
      { paragraph: why },
      orderLines(order, locale),
      { paragraph: "Remboursement intégral : l'autorisation sur votre carte est levée, rien n'est débité." },
      { link: ["Votre commande dans Mes achats :", purchaseUrl(context, order.orderId)] },
      supportLine(locale, context),
      signature(locale),
    ]);
  }
  const why =
    reason === "buyer-cancelled-overdue"
      ? `On ${day}, you cancelled your order ${orderReference(order)} with ${vendor}, left unanswered past 48 hours.`
      : `On ${day}, your order ${orderReference(order)} with ${vendor} was cancelled automatically: the vendor did not answer it within 5 days.`;
  return composeEmail(locale, `Your order ${orderReference(order)} with ${vendor} is cancelled`, [
    { paragraph: `Hello ${order.buyer.name},` },
    { paragraph: why },
    orderLines(order, locale),
    { paragraph: "Full refund: the authorization on your card is released, nothing is charged." },
    { link: ["Your order in My purchases:", purchaseUrl(context, order.orderId)] },
    supportLine(locale, context),
    signature(locale),
  ]);
};
