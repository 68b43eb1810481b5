import type { DisputeFacts } from "@mkt/contracts";
import { formatMoney, type Locale } from "../locale.js";
import { composeEmail, type Block, type Template } from "./email.js";
import { backofficeOrderUrl, orderReference, purchaseUrl, signature, vendorOrderUrl } from "./order-email.js";

/** One step of a dispute (issue 12), as each party's email tells it. */
export interface DisputeUpdateFacts {
  step: "opened" | "message-added" | "answered" | "resolved";
  dispute: DisputeFacts;
  /** The text of the step (the buyer's or vendor's message); null for a resolution. */
  message: string | null;
  attachments: { filename: string }[];
  resolution?: "refunded-in-full" | "partially-refunded" | "rejected";
  refund?: { amount: number; currency: string } | null;
  reason?: string | null;
}

const REASONS = {
  fr: {
    "not-delivered": "non livré",
    "not-as-described": "non conforme à la description",
    "vendor-unresponsive": "vendeur sans réponse",
  },
  en: {
    "not-delivered": "not delivered",
    "not-as-described": "not as described",
    "vendor-unresponsive": "vendor unresponsive",
  },
} as const;

function subjectOf(facts: DisputeUpdateFacts, locale: Locale): string {
  const ref = orderReference(facts.dispute.order);
  const fr = locale === "fr";
  switch (facts.step) {
    case "opened":
      return fr ? `Litige ouvert sur la commande ${ref}` : `Dispute opened on order ${ref}`;
    case "message-added":
      return fr ? `Nouveau message de l'acheteur : litige sur ${ref}` : `New message from the buyer: dispute on ${ref}`;
    case "answered":
      return fr ? `Réponse du vendeur : litige sur ${ref}` : `The vendor answered: dispute on ${ref}`;
    case "resolved":
      return fr ? `Litige résolu : commande ${ref}` : `Dispute resolved: order ${ref}`;
  }
}

function outcome(facts: DisputeUpdateFacts, locale: Locale): string {
  const fr = locale === "fr";
  const amount = facts.refund ? formatMoney(facts.refund, locale) : "";
  switch (facts.resolution) {
    case "refunded-in-full":
      return fr ? `Remboursement intégral : ${amount}.` : `Refunded in full: ${amount}.`;
    case "partially-refunded":
      return fr ? `Remboursement partiel : ${amount}.` : `Partially refunded: ${amount}.`;
    default:
      return fr ? "Litige rejeté, sans remboursement." : "Dispute rejected, no refund.";
  }
}

function blocks(facts: DisputeUpdateFacts, locale: Locale, greeting: string, link: [string, string]): Block[] {
  const fr = locale === "fr";
  const { order, reason } = facts.dispute;
  const out: Block[] = [
    { paragraph: greeting },
    {
      list: [
        [fr ? "Commande" : "Order", orderReference(order)],
        [fr ? "Vendeur" : "Vendor", order.vendor.legalName],
        [fr ? "Acheteur" : "Buyer", order.buyer.name],
        [fr ? "Motif" : "Reason", REASONS[fr ? "fr" : "en"][reason]],
      ],
    },
  ];
  if (facts.step === "resolved") {
    out.push({ paragraph: outcome(facts, locale) });
    if (facts.reason) out.push({ quote: facts.reason });
  } else if (facts.message) out.push({ quote: facts.message });
  if (facts.attachments.length > 0)
    out.push({
      paragraph: `${fr ? "Pièces jointes :" : "Attachments:"} ${facts.attachments.map((a) => a.filename).join(", ")}`,
    });
  out.push({ link }, signature(locale));
  return out;
}

/** To the buyer: its case was received, the vendor answered, or how it was resolved. */
export const buyerDisputeUpdate: Template<DisputeUpdateFacts> = (facts, locale, context) =>
  composeEmail(
    locale,
    subjectOf(facts, locale),
    blocks(
      facts,
      locale,
      locale === "fr" ? `Bonjour ${facts.dispute.order.buyer.name},` : `Hello ${facts.dispute.order.buyer.name},`,
      [
        locale === "fr" ? "Votre achat et son litige :" : "Your purchase and its dispute:",
        purchaseUrl(context, facts.dispute.order.orderId),
      ],
    ),
  );

/** To the vendor: a buyer opened a case (answer it), added to it, or how the operator resolved it. */
export const vendorDisputeUpdate: Template<DisputeUpdateFacts> = (facts, locale, context) =>
  composeEmail(
    locale,
    subjectOf(facts, locale),
    blocks(facts, locale, locale === "fr" ? "Bonjour," : "Hello,", [
      locale === "fr" ? "Répondre depuis la commande :" : "Answer from the order:",
      vendorOrderUrl(context, facts.dispute.order.orderId),
    ]),
  );

/** To the operators (OPERATIONS_EMAIL): every step of every dispute, to mediate. */
export const operationsDisputeUpdate: Template<DisputeUpdateFacts> = (facts, locale, context) =>
  composeEmail(
    locale,
    subjectOf(facts, locale),
    blocks(facts, locale, locale === "fr" ? "Bonjour," : "Hello,", [
      locale === "fr" ? "La commande dans le back-office :" : "The order in the back office:",
      backofficeOrderUrl(context, facts.dispute.order.orderId),
    ]),
  );
