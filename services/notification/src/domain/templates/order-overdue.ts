import { formatDateTime } from "../locale.js";
import { composeEmail, type Template } from "./email.js";
import {
  purchaseUrl,
  signature,
  supportLine,
  vendorContact,
  type OrderEmailOrder,
  orderReference,
} from "./order-email.js";

export interface OrderOverdueFacts {
  order: OrderEmailOrder;
}

/**
 * To the buyer, 48 hours after transmission without an answer: it may cancel now for a full
 * refund, or wait (the vendor may still accept) until the automatic cancellation.
 */
export const orderOverdue: Template<OrderOverdueFacts> = ({ order }, locale, context) => {
  const autoCancel = formatDateTime(order.autoCancelAt, locale);
  const vendor = order.vendor.legalName;
  const url = purchaseUrl(context, order.orderId);
  if (locale === "fr") {
    return composeEmail(locale, `${vendor} n'a pas validé votre commande ${orderReference(order)} sous 48 heures`, [
      { paragraph: `Bonjour ${order.buyer.name},` },
      {
        paragraph: `${vendor} n'a ni accepté ni refusé votre commande ${orderReference(order)} dans les 48 heures. Deux possibilités :`,
      },
      {
        list: [
          [
            "Annuler maintenant",
            `remboursement intégral : l'autorisation sur votre carte est levée, rien n'est débité (bouton « Annuler » de la commande dans Mes achats)`,
          ],
          [
            "Attendre",
            `le vendeur peut encore accepter ; sans réponse, la commande est annulée automatiquement le ${autoCancel}, avec un remboursement intégral`,
          ],
        ],
      },
      ...vendorContact(order, locale),
      { link: ["Votre commande dans Mes achats :", url] },
      supportLine(locale, context),
      signature(locale),
    ]);
  }
  return composeEmail(locale, `${vendor} did not validate your order ${orderReference(order)} within 48 hours`, [
    { paragraph: `Hello ${order.buyer.name},` },
    {
      paragraph: `${vendor} has neither accepted nor refused your order ${orderReference(order)} within 48 hours. You may:`,
    },
    {
      list: [
        [
          "Cancel now",
          `full refund: the authorization on your card is released, nothing is charged (the "Cancel" button of the order in My purchases)`,
        ],
        [
          "Wait",
          `the vendor may still accept; without an answer, the order is cancelled automatically on ${autoCancel}, with a full refund`,
        ],
      ],
    },
    ...vendorContact(order, locale),
    { link: ["Your order in My purchases:", url] },
    supportLine(locale, context),
    signature(locale),
  ]);
};
