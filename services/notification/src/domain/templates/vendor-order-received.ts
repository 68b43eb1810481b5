import { formatDateTime, formatMoney } from "../locale.js";
import { composeEmail, type Block, type MailContext, type Template } from "./email.js";
import { orderLines, orderTotals, vendorOrderUrl, type OrderEmailOrder } from "./order-email.js";

export interface VendorOrderReceivedFacts {
  order: OrderEmailOrder;
  purchaseOrderNumber: string;
}

/** The buyer as a vendor needs it to validate an order: who, and where VAT is concerned. */
export function buyerLines(order: OrderEmailOrder, locale: "fr" | "en"): Block {
  const { buyer } = order;
  const fr = locale === "fr";
  return {
    list: [
      [
        fr ? "Acheteur" : "Buyer",
        `${buyer.name} (${fr ? (buyer.kind === "company" ? "entreprise" : "particulier") : buyer.kind === "company" ? "company" : "individual"})`,
      ],
      [fr ? "E-mail" : "Email", buyer.email],
      ...(buyer.registrationNumber
        ? [[fr ? "Immatriculation" : "Registration number", buyer.registrationNumber] as [string, string]]
        : []),
      ...(buyer.vatNumber ? [[fr ? "N° de TVA" : "VAT number", buyer.vatNumber] as [string, string]] : []),
      [fr ? "Pays" : "Country", buyer.country],
    ],
  };
}

/** How a vendor answers: from the order's page in the vendor portal. */
export function howToAnswer(order: OrderEmailOrder, locale: "fr" | "en", context: MailContext): Block[] {
  const url = vendorOrderUrl(context, order.orderId);
  return locale === "fr"
    ? [{ link: ["Acceptez-la ou refusez-la (avec une raison) depuis votre espace vendeur :", url] }]
    : [{ link: ["Accept it or refuse it (with a reason) from your vendor portal:", url] }];
}

/**
 * To the vendor, when an order is transmitted: who bought what, the totals and the marketplace's
 * fee, the 48-hour deadline (and what happens past it), and how to accept or refuse.
 */
export const vendorOrderReceived: Template<VendorOrderReceivedFacts> = (
  { order, purchaseOrderNumber },
  locale,
  context,
) => {
  const due = formatDateTime(order.validationDueAt, locale);
  const autoCancel = formatDateTime(order.autoCancelAt, locale);
  const fee = formatMoney(order.totals.fee, locale);
  if (locale === "fr") {
    return composeEmail(locale, `Nouvelle commande à valider : ${purchaseOrderNumber}`, [
      { paragraph: "Bonjour," },
      {
        paragraph: `${order.buyer.name} a passé la commande ${purchaseOrderNumber} auprès de ${order.vendor.legalName}. Acceptez-la ou refusez-la avant le ${due} (48 heures après sa transmission).`,
      },
      buyerLines(order, locale),
      orderLines(order, locale),
      ...orderTotals(order, locale),
      {
        paragraph: `Frais de transaction de la marketplace (3 %) : ${fee}, prélevés lorsque le paiement est encaissé, à votre acceptation.`,
      },
      {
        paragraph: `Sans réponse à cette échéance, l'acheteur pourra annuler sa commande ; elle sera annulée automatiquement le ${autoCancel}.`,
      },
      ...howToAnswer(order, locale, context),
      { paragraph: `Une question ? Écrivez-nous à ${context.supportEmail}.` },
      { paragraph: "L'équipe de la marketplace" },
    ]);
  }
  return composeEmail(locale, `New order to validate: ${purchaseOrderNumber}`, [
    { paragraph: "Hello," },
    {
      paragraph: `${order.buyer.name} placed the order ${purchaseOrderNumber} with ${order.vendor.legalName}. Accept or refuse it by ${due} (48 hours after it was sent).`,
    },
    buyerLines(order, locale),
    orderLines(order, locale),
    ...orderTotals(order, locale),
    {
      paragraph: `The marketplace's transaction fee (3%): ${fee}, charged when the payment is captured, once you accept.`,
    },
    {
      paragraph: `Without an answer by then, the buyer may cancel the order; it is cancelled automatically on ${autoCancel}.`,
    },
    ...howToAnswer(order, locale, context),
    { paragraph: `A question? Write to us at ${context.supportEmail}.` },
    { paragraph: "The marketplace team" },
  ]);
};
