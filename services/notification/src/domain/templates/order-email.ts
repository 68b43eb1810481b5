import type { OrderFacts } from "@mkt/contracts";
import { formatMoney, type Locale } from "../locale.js";
import { webUrl } from "../web-routes.js";
import { contactLines, type Block, type MailContext } from "./email.js";

/** An order as its emails need it: the whole order that every order event carries. */
export type OrderEmailOrder = OrderFacts;

/**
 * The one reference people use for an order: its purchase order number (PO-…), as on the purchase
 * order and the invoice; the order's id only for events recorded before the number travelled.
 */
export const orderReference = (order: OrderEmailOrder): string => order.purchaseOrderNumber ?? order.orderId;

/**
 * Each line as `Product — Plan`, `2 × 49,00 € / mois = 98,00 €` (before tax); a line with a free
 * trial says so instead of its amount, which the order does not charge.
 */
export function orderLines(order: OrderEmailOrder, locale: Locale): Block {
  const per = (cycle: string) =>
    locale === "fr" ? (cycle === "yearly" ? "an" : "mois") : cycle === "yearly" ? "year" : "month";
  const charged = (line: OrderEmailOrder["lines"][number]) =>
    line.trialDays > 0
      ? locale === "fr"
        ? `, essai gratuit de ${line.trialDays} jours, premier prélèvement à son terme`
        : `, ${line.trialDays}-day free trial, first charge at its end`
      : ` = ${formatMoney(line.amount, locale)}`;
  return {
    list: order.lines.map((line) => [
      `${line.productName} — ${line.planName}`,
      `${line.quantity} × ${formatMoney(line.unitPrice, locale)} / ${per(line.billingCycle)}${charged(line)}`,
    ]),
  };
}

/** Subtotal, VAT (its rate, or why there is none) and total, what the card is charged (an order's, or a renewal's). */
export function orderTotals(order: Pick<OrderEmailOrder, "vatTreatment" | "totals">, locale: Locale): Block[] {
  const { vatTreatment: vat, totals } = order;
  const rate = `${(vat.rateBasisPoints / 100).toLocaleString(locale === "fr" ? "fr-FR" : "en-GB")} %`;
  const vatLabel =
    locale === "fr"
      ? vat.kind === "standard"
        ? `TVA ${rate}`
        : vat.kind === "reverse-charge"
          ? "TVA (autoliquidation)"
          : "TVA (hors du champ de la TVA de l'UE)"
      : vat.kind === "standard"
        ? `VAT ${rate.replace(" %", "%")}`
        : vat.kind === "reverse-charge"
          ? "VAT (reverse charge)"
          : "VAT (outside the scope of EU VAT)";
  const blocks: Block[] = [
    {
      list: [
        [locale === "fr" ? "Total HT" : "Subtotal (excl. VAT)", formatMoney(totals.subtotal, locale)],
        [vatLabel, formatMoney(totals.vat, locale)],
        [locale === "fr" ? "Total TTC" : "Total (incl. VAT)", formatMoney(totals.total, locale)],
      ],
    },
  ];
  if (vat.kind === "reverse-charge") {
    blocks.push({
      paragraph:
        locale === "fr"
          ? `Autoliquidation de la TVA : la TVA est due par l'acheteur. Mention légale : ${vat.mention ?? "Autoliquidation"}`
          : `VAT reverse charge: the buyer accounts for the VAT. Legal mention: ${vat.mention ?? "Reverse charge"}`,
    });
  } else if (vat.mention) {
    blocks.push({ paragraph: vat.mention });
  }
  return blocks;
}

/**
 * The vendor's contact details, as the buyer may use them (docs/business-rules.md: confirmation email, My purchases).
 */
export function vendorContact(order: OrderEmailOrder, locale: Locale): Block[] {
  return [
    { paragraph: locale === "fr" ? `Pour joindre ${order.vendor.legalName} :` : `To reach ${order.vendor.legalName}:` },
    { list: contactLines(order.vendor.publicContact, locale) },
  ];
}

/** Where the buyer follows its order: "My purchases > More details". */
export const purchaseUrl = (context: MailContext, orderId: string) =>
  webUrl(context.storefrontWebUrl, "storefront", "purchase", { orderId });
/** A document of the order, as the signed-in buyer downloads it. */
export const buyerDocumentUrl = (context: MailContext, orderId: string, kind: "purchase-order" | "invoice") =>
  webUrl(context.storefrontWebUrl, "storefront", "purchaseDocument", { orderId, kind });
/** The order in the vendor portal, where it is accepted, refused and delivered. */
export const vendorOrderUrl = (context: MailContext, orderId: string) =>
  webUrl(context.vendorPortalUrl, "vendorPortal", "order", { orderId });
/** The order in the back office. */
export const backofficeOrderUrl = (context: MailContext, orderId: string) =>
  webUrl(context.backofficeWebUrl, "backoffice", "order", { orderId });

export const signature = (locale: Locale): Block => ({
  paragraph: locale === "fr" ? "L'équipe de la marketplace" : "The marketplace team",
});
export const supportLine = (locale: Locale, context: MailContext): Block => ({
  paragraph:
    locale === "fr"
      ? `Une question ? Notre support vous répond à ${context.supportEmail}.`
      : `A question? Our support team answers at ${context.supportEmail}.`,
});
