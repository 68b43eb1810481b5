import { formatDate } from "../locale.js";
import { composeEmail, type Template } from "./email.js";
import {
  buyerDocumentUrl,
  orderLines,
  orderReference,
  purchaseUrl,
  signature,
  supportLine,
  vendorContact,
  type OrderEmailOrder,
} from "./order-email.js";

export interface OrderDeliveredFacts {
  order: OrderEmailOrder;
  /** What the vendor gave (its instructions are quoted, line breaks kept). */
  delivery: { accessUrl: string; instructions: string };
  invoiceNumber: string;
  deliveredAt: string;
}

/** To the buyer: the vendor delivered — where to access it, its instructions, and the invoice. */
export const orderDelivered: Template<OrderDeliveredFacts> = (
  { order, delivery, invoiceNumber, deliveredAt },
  locale,
  context,
) => {
  const day = formatDate(deliveredAt, locale);
  const vendor = order.vendor.legalName;
  if (locale === "fr") {
    return composeEmail(locale, `${vendor} a livré votre commande ${orderReference(order)}`, [
      { paragraph: `Bonjour ${order.buyer.name},` },
      { paragraph: `Le ${day}, ${vendor} a livré votre commande ${orderReference(order)} :` },
      orderLines(order, locale),
      { link: ["Accès :", delivery.accessUrl] },
      { paragraph: "Instructions du vendeur :" },
      { quote: delivery.instructions },
      { link: [`Votre facture ${invoiceNumber} (PDF) :`, buyerDocumentUrl(context, order.orderId, "invoice")] },
      ...vendorContact(order, locale),
      { link: ["Votre commande dans Mes achats :", purchaseUrl(context, order.orderId)] },
      supportLine(locale, context),
      signature(locale),
    ]);
  }
  return composeEmail(locale, `${vendor} delivered your order ${orderReference(order)}`, [
    { paragraph: `Hello ${order.buyer.name},` },
    { paragraph: `On ${day}, ${vendor} delivered your order ${orderReference(order)}:` },
    orderLines(order, locale),
    { link: ["Access:", delivery.accessUrl] },
    { paragraph: "The vendor's instructions:" },
    { quote: delivery.instructions },
    { link: [`Your invoice ${invoiceNumber} (PDF):`, buyerDocumentUrl(context, order.orderId, "invoice")] },
    ...vendorContact(order, locale),
    { link: ["Your order in My purchases:", purchaseUrl(context, order.orderId)] },
    supportLine(locale, context),
    signature(locale),
  ]);
};
