import { formatDateTime } from "../locale.js";
import { composeEmail, type Template } from "./email.js";
import {
  buyerDocumentUrl,
  orderLines,
  orderTotals,
  purchaseUrl,
  signature,
  supportLine,
  vendorContact,
  type OrderEmailOrder,
} from "./order-email.js";

export interface OrderConfirmationFacts {
  order: OrderEmailOrder;
  purchaseOrderNumber: string;
}

/**
 * To the buyer, once per order when it is transmitted to its vendor: what was ordered, the
 * totals with their VAT (or the reverse-charge mention), the vendor's contact details, the
 * 48-hour validation promise (the card is only authorized until then), and where to follow it.
 */
export const orderConfirmation: Template<OrderConfirmationFacts> = (
  { order, purchaseOrderNumber },
  locale,
  context,
) => {
  const due = formatDateTime(order.validationDueAt, locale);
  const vendor = order.vendor.legalName;
  if (locale === "fr") {
    return composeEmail(locale, `Votre commande ${purchaseOrderNumber} est transmise à ${vendor}`, [
      { paragraph: `Bonjour ${order.buyer.name},` },
      {
        paragraph: `Merci pour votre commande ${purchaseOrderNumber}. Elle est transmise à ${vendor}, qui s'engage à la valider sous 48 heures, au plus tard le ${due}.`,
      },
      {
        paragraph:
          "Votre carte est seulement autorisée : elle ne sera débitée que lorsque le vendeur acceptera la commande. S'il la refuse, l'autorisation est levée et rien n'est débité.",
      },
      { paragraph: "Votre commande :" },
      orderLines(order, locale),
      ...orderTotals(order, locale),
      ...vendorContact(order, locale),
      { link: ["Suivez votre commande dans Mes achats :", purchaseUrl(context, order.orderId)] },
      { link: ["Votre bon de commande (PDF) :", buyerDocumentUrl(context, order.orderId, "purchase-order")] },
      supportLine(locale, context),
      signature(locale),
    ]);
  }
  return composeEmail(locale, `Your order ${purchaseOrderNumber} was sent to ${vendor}`, [
    { paragraph: `Hello ${order.buyer.name},` },
    {
      paragraph: `Thank you for your order ${purchaseOrderNumber}. It was sent to ${vendor}, which commits to validating it within 48 hours, by ${due} at the latest.`,
    },
    {
      paragraph:
        "Your card is only authorized: it is charged only when the vendor accepts the order. If the vendor refuses it, the authorization is released and nothing is charged.",
    },
    { paragraph: "Your order:" },
    orderLines(order, locale),
    ...orderTotals(order, locale),
    ...vendorContact(order, locale),
    { link: ["Follow your order in My purchases:", purchaseUrl(context, order.orderId)] },
    { link: ["Your purchase order (PDF):", buyerDocumentUrl(context, order.orderId, "purchase-order")] },
    supportLine(locale, context),
    signature(locale),
  ]);
};
