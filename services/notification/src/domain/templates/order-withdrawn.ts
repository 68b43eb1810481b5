import { formatDate, formatMoney } from "../locale.js";
import { composeEmail, type Template } from "./email.js";
import {
  orderLines,
  orderReference,
  purchaseUrl,
  signature,
  supportLine,
  vendorOrderUrl,
  type OrderEmailOrder,
} from "./order-email.js";

export interface OrderWithdrawnFacts {
  order: OrderEmailOrder;
  money: "release-authorization" | "refund-in-full";
  /** What the buyer is refunded (what was captured); null when the authorization is released. */
  refund: { amount: number; currency: string } | null;
  withdrawnAt: string;
}

/**
 * To the buyer: its withdrawal is confirmed, with the refund (or the released authorization); its subscriptions end.
 */
export const orderWithdrawn: Template<OrderWithdrawnFacts> = ({ order, refund, withdrawnAt }, locale, context) => {
  const day = formatDate(withdrawnAt, locale);
  const vendor = order.vendor.legalName;
  if (locale === "fr") {
    return composeEmail(locale, `Votre rétractation de la commande ${orderReference(order)} est confirmée`, [
      { paragraph: `Bonjour ${order.buyer.name},` },
      {
        paragraph: `Le ${day}, vous vous êtes rétracté de votre commande ${orderReference(order)} auprès de ${vendor}, dans le délai légal. Les abonnements qu'elle avait ouverts prennent fin immédiatement.`,
      },
      orderLines(order, locale),
      {
        paragraph: refund
          ? `Remboursement intégral : ${formatMoney(refund, locale)} sont remboursés sur votre carte.`
          : "Remboursement intégral : l'autorisation sur votre carte est levée, rien n'est débité.",
      },
      { link: ["Votre commande dans Mes achats :", purchaseUrl(context, order.orderId)] },
      supportLine(locale, context),
      signature(locale),
    ]);
  }
  return composeEmail(locale, `Your withdrawal from order ${orderReference(order)} is confirmed`, [
    { paragraph: `Hello ${order.buyer.name},` },
    {
      paragraph: `On ${day}, you withdrew from your order ${orderReference(order)} with ${vendor}, within the legal period. The subscriptions it started end at once.`,
    },
    orderLines(order, locale),
    {
      paragraph: refund
        ? `Full refund: ${formatMoney(refund, locale)} is refunded to your card.`
        : "Full refund: the authorization on your card is released, nothing is charged.",
    },
    { link: ["Your order in My purchases:", purchaseUrl(context, order.orderId)] },
    supportLine(locale, context),
    signature(locale),
  ]);
};

/**
 * To the vendor: the buyer withdrew within the legal period; the order is refunded in full and its subscriptions end.
 */
export const vendorOrderWithdrawn: Template<OrderWithdrawnFacts> = (
  { order, refund, withdrawnAt },
  locale,
  context,
) => {
  const day = formatDate(withdrawnAt, locale);
  const buyer = order.buyer.name;
  if (locale === "fr") {
    return composeEmail(locale, `${buyer} s'est rétracté de la commande ${orderReference(order)}`, [
      { paragraph: `Bonjour ${order.vendor.legalName},` },
      {
        paragraph: `Le ${day}, ${buyer} a exercé son droit de rétractation sur la commande ${orderReference(order)}, dans le délai légal. Les abonnements de la commande prennent fin immédiatement.`,
      },
      orderLines(order, locale),
      {
        paragraph: refund
          ? `L'acheteur est remboursé intégralement (${formatMoney(refund, locale)}).`
          : "La commande n'avait pas été acceptée : l'autorisation sur la carte de l'acheteur est levée, rien n'est débité.",
      },
      { link: ["La commande dans votre espace vendeur :", vendorOrderUrl(context, order.orderId)] },
      signature(locale),
    ]);
  }
  return composeEmail(locale, `${buyer} withdrew from order ${orderReference(order)}`, [
    { paragraph: `Hello ${order.vendor.legalName},` },
    {
      paragraph: `On ${day}, ${buyer} exercised the right of withdrawal on order ${orderReference(order)}, within the legal period. The order's subscriptions end at once.`,
    },
    orderLines(order, locale),
    {
      paragraph: refund
        ? `The buyer is refunded in full (${formatMoney(refund, locale)}).`
        : "The order had not been accepted: the authorization on the buyer's card is released, nothing is charged.",
    },
    { link: ["The order in your vendor portal:", vendorOrderUrl(context, order.orderId)] },
    signature(locale),
  ]);
};
