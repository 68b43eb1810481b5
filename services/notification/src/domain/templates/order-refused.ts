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

export interface OrderRefusedFacts {
  order: OrderEmailOrder;
  /** The vendor's reason, as written (quoted, line breaks kept). */
  reason: string;
  refusedAt: string;
}

/** To the buyer: the vendor refused, why, and the full refund (the authorization is released: nothing is charged). */
export const orderRefused: Template<OrderRefusedFacts> = ({ order, reason, refusedAt }, locale, context) => {
  const day = formatDate(refusedAt, locale);
  const vendor = order.vendor.legalName;
  if (locale === "fr") {
    return composeEmail(locale, `Votre commande ${orderReference(order)} a été refusée par ${vendor}`, [
      { paragraph: `Bonjour ${order.buyer.name},` },
      { paragraph: `Le ${day}, ${vendor} a refusé votre commande ${orderReference(order)}, pour la raison suivante :` },
      { quote: reason },
      orderLines(order, locale),
      { paragraph: "Remboursement intégral : l'autorisation sur votre carte est levée, rien n'est débité." },
      { link: ["Votre commande dans Mes achats :", purchaseUrl(context, order.orderId)] },
      supportLine(locale, context),
      signature(locale),
    ]);
  }
  return composeEmail(locale, `Your order ${orderReference(order)} was refused by ${vendor}`, [
    { paragraph: `Hello ${order.buyer.name},` },
    { paragraph: `On ${day}, ${vendor} refused your order ${orderReference(order)}, for this reason:` },
    { quote: reason },
    orderLines(order, locale),
    { paragraph: "Full refund: the authorization on your card is released, nothing is charged." },
    { link: ["Your order in My purchases:", purchaseUrl(context, order.orderId)] },
    supportLine(locale, context),
    signature(locale),
  ]);
};
