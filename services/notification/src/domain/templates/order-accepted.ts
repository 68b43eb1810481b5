import { formatDate, formatMoney } from "../locale.js";
import { composeEmail, type Template } from "./email.js";
import {
  orderLines,
  purchaseUrl,
  signature,
  supportLine,
  vendorContact,
  type OrderEmailOrder,
  orderReference,
} from "./order-email.js";

export interface OrderAcceptedFacts {
  order: OrderEmailOrder;
  acceptedAt: string;
}

/** To the buyer: the vendor accepted (the card is now charged), will contact it and deliver; its contact details. */
export const orderAccepted: Template<OrderAcceptedFacts> = ({ order, acceptedAt }, locale, context) => {
  const day = formatDate(acceptedAt, locale);
  const total = formatMoney(order.totals.total, locale);
  const vendor = order.vendor.legalName;
  if (locale === "fr") {
    return composeEmail(locale, `${vendor} a accepté votre commande ${orderReference(order)}`, [
      { paragraph: `Bonjour ${order.buyer.name},` },
      {
        paragraph: `Le ${day}, ${vendor} a accepté votre commande ${orderReference(order)}. Votre carte est débitée de ${total}.`,
      },
      orderLines(order, locale),
      {
        paragraph: `${vendor} va prendre contact avec vous et vous livrer : vous recevrez ses informations d'accès par e-mail, avec votre facture.`,
      },
      ...vendorContact(order, locale),
      { link: ["Suivez votre commande dans Mes achats :", purchaseUrl(context, order.orderId)] },
      supportLine(locale, context),
      signature(locale),
    ]);
  }
  return composeEmail(locale, `${vendor} accepted your order ${orderReference(order)}`, [
    { paragraph: `Hello ${order.buyer.name},` },
    { paragraph: `On ${day}, ${vendor} accepted your order ${orderReference(order)}. Your card is charged ${total}.` },
    orderLines(order, locale),
    {
      paragraph: `${vendor} will contact you and deliver: you will receive its access details by email, with your invoice.`,
    },
    ...vendorContact(order, locale),
    { link: ["Follow your order in My purchases:", purchaseUrl(context, order.orderId)] },
    supportLine(locale, context),
    signature(locale),
  ]);
};
