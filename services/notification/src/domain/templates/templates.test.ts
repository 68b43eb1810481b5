import { readFileSync } from "node:fs";
import { join } from "node:path";
import { exampleOrder as order } from "../../../test/support/orders.js";
import {
  exampleSubscription as subscription,
  exampleYearlySubscription,
  periodTotals,
} from "../../../test/support/subscriptions.js";
import { LOCALES, type Locale } from "../locale.js";
import { escapeHtml } from "./email.js";
import { WEB_ROUTES, type WebApp } from "../web-routes.js";
import {
  renderEmail,
  TEMPLATE_NAMES,
  type EmailContent,
  type MailContext,
  type TemplateFacts,
  type TemplateName,
} from "./index.js";

const context: MailContext = {
  supportEmail: "support@marketplace.example",
  storefrontWebUrl: "https://shop.marketplace.example",
  vendorPortalUrl: "https://vendors.marketplace.example",
  backofficeWebUrl: "https://ops.marketplace.example",
};
const contact = {
  email: "ventes@nuage.example",
  phone: "+33 1 84 00 00 00",
  supportUrl: "https://support.nuage.example",
};

// A subscription's facts, one per event: the second period (24 December to 23 January), paid,
// declined, suspended, reactivated on the third, cancelled, resumed and ended.
const period = { number: 1, startsOn: "2026-12-24", endsBefore: "2027-01-24" };
const renewed: TemplateFacts["subscription-renewed"] = {
  subscription,
  period,
  totals: periodTotals,
  paymentId: "pay-2",
  invoiceNumber: "NUAG-2026-000007",
  nextDueOn: "2027-01-24",
  renewedAt: "2026-12-23T23:00:05.000Z",
};
const renewalFailed: TemplateFacts["subscription-renewal-failed"] = {
  subscription: { ...subscription, state: "past_due" },
  period,
  amount: periodTotals.total,
  failures: 1,
  declineCode: "insufficient_funds",
  nextRetryAt: "2026-12-25T23:00:00.000Z",
  failedAt: "2026-12-23T23:00:05.000Z",
};
const suspended: TemplateFacts["subscription-suspended"] = {
  subscription: { ...subscription, state: "suspended" },
  period,
  amountDue: periodTotals.total,
  endsAt: "2027-01-31T23:00:00.000Z",
  suspendedAt: "2027-01-01T23:00:05.000Z",
};
const reactivated: TemplateFacts["subscription-reactivated"] = {
  subscription,
  period: { number: 2, startsOn: "2027-01-24", endsBefore: "2027-02-24" },
  reactivatedAt: "2027-01-25T10:00:00.000Z",
};
const cancellationScheduled: TemplateFacts["subscription-cancellation-scheduled"] = {
  subscription,
  lastDayOfService: "2027-01-23",
  effectiveOn: "2027-01-24",
  amountNoLongerCharged: periodTotals.total,
  deferredByCommitment: false,
  by: { kind: "buyer", id: order.buyer.buyerId },
  scheduledAt: "2027-01-10T10:00:00.000Z",
};
const cancellationUndone: TemplateFacts["subscription-cancellation-undone"] = {
  subscription,
  effectiveOn: "2027-01-24",
  by: { kind: "buyer", id: order.buyer.buyerId },
  undoneAt: "2027-01-12T10:00:00.000Z",
};
const ended: TemplateFacts["subscription-ended"] = {
  subscription: { ...subscription, state: "ended" },
  reason: "cancelled",
  lastDayOfService: "2027-01-23",
  endedAt: "2027-01-23T23:00:00.000Z",
};

// A dispute's facts: opened by the buyer, resolved by a partial refund.
const dispute = {
  disputeId: "dis-1",
  reason: "not-as-described" as const,
  openedAt: "2026-12-01T10:00:00.000Z",
  order,
};
const disputeOpened: TemplateFacts["buyer-dispute-update"] = {
  step: "opened",
  dispute,
  message: "Only 2 nodes & <no> SLA",
  attachments: [{ filename: "screenshot.png" }],
};
const disputeResolved: TemplateFacts["buyer-dispute-update"] = {
  step: "resolved",
  dispute,
  message: null,
  attachments: [],
  resolution: "partially-refunded",
  refund: { amount: 12000, currency: "EUR" },
  reason: null,
};

/** One example per template: the type makes a new template fail to compile until it has one. */
const withdrawn: TemplateFacts["order-withdrawn"] = {
  order,
  money: "refund-in-full",
  refund: order.totals.total,
  withdrawnAt: "2026-11-30T10:00:00.000Z",
};

const examples: { [N in TemplateName]: TemplateFacts[N] } = {
  "vendor-application-received": { legalName: "Nuage & Fils <SAS>", contact, submittedAt: "2026-11-24T23:30:00.000Z" },
  "vendor-approved": { legalName: "Nuage & Fils <SAS>", contact, approvedAt: "2026-03-01T08:00:00.000Z" },
  // What operators type reaches the email as written, escaped in HTML.
  "vendor-rejected": {
    legalName: "Nuage & Fils <SAS>",
    reason: "Kbis > 3 mois & <illisible>",
    rejectedAt: "2026-03-01T08:00:00.000Z",
  },
  "vendor-information-requested": {
    legalName: "Nuage & Fils <SAS>",
    contact,
    message: "Statuts <signés> & Kbis récent",
    requestedAt: "2026-03-01T08:00:00.000Z",
  },
  "vendor-bank-details-changed": {
    legalName: "Nuage & Fils <SAS>",
    holderName: "Nuage & Fils <SAS>",
    ibanLast4: "0189",
    changedAt: "2026-03-01T08:00:00.000Z",
  },
  "vendor-bank-details-verified": {
    legalName: "Nuage & Fils <SAS>",
    holderName: "Nuage & Fils <SAS>",
    ibanLast4: "0189",
    verifiedAt: "2026-03-01T08:00:00.000Z",
  },
  "buyer-welcome": { name: "Nuage & Fils <SAS>", kind: "company", email: "achats@nuage.example" },
  "order-confirmation": { order, purchaseOrderNumber: "PO-NUAG-2026-000001" },
  "vendor-order-received": { order, purchaseOrderNumber: "PO-NUAG-2026-000001" },
  "vendor-order-reminder": { order },
  "order-accepted": { order, acceptedAt: "2026-11-25T09:00:00.000Z" },
  // What a vendor types reaches the email as written, escaped in HTML.
  "order-refused": { order, reason: "Capacité <illisible> & région pleine", refusedAt: "2026-11-25T09:00:00.000Z" },
  "order-overdue": { order },
  "order-cancelled": { order, reason: "expired-unanswered", cancelledAt: "2026-11-29T14:30:00.000Z" },
  "order-delivered": {
    order,
    delivery: {
      accessUrl: "https://k8s.nuage.example/acme",
      instructions: "Login: admin & <signés>\nThen rotate the key.",
    },
    invoiceNumber: "NUAG-2026-000007",
    deliveredAt: "2026-11-26T10:00:00.000Z",
  },
  "operations-order-overdue": { order },
  "subscription-trial-started": {
    subscription: { ...subscription, state: "trialing", anchor: "2026-12-08" },
    trialEndsOn: "2026-12-07",
    nextDueOn: "2026-12-08",
    nextDueAt: "2026-12-07T23:00:00.000Z",
    startedAt: "2026-11-24T15:00:00.000Z",
  },
  "subscription-renewed": renewed,
  "vendor-subscription-renewed": renewed,
  "subscription-renewal-failed": renewalFailed,
  "vendor-subscription-renewal-failed": renewalFailed,
  "subscription-suspended": suspended,
  "vendor-subscription-suspended": suspended,
  "subscription-reactivated": reactivated,
  "vendor-subscription-reactivated": reactivated,
  "subscription-cancellation-scheduled": cancellationScheduled,
  "vendor-subscription-cancellation-scheduled": cancellationScheduled,
  "subscription-cancellation-undone": cancellationUndone,
  "vendor-subscription-cancellation-undone": cancellationUndone,
  "subscription-ended": ended,
  "vendor-subscription-ended": ended,
  "subscription-renewal-reminder": {
    subscription: exampleYearlySubscription,
    renewsOn: "2027-11-24",
    amount: { amount: 58800, currency: "EUR" },
    cancellableUntil: "2027-11-22T23:00:00.000Z",
    remindedAt: "2027-10-25T23:00:00.000Z",
  },
  "order-withdrawn": withdrawn,
  "vendor-order-withdrawn": withdrawn,
  "buyer-dispute-update": disputeResolved,
  "vendor-dispute-update": disputeOpened,
  "operations-dispute-update": disputeOpened,
};

/** What each template must say, per language: the facts a person needs. */
const expectations: { [N in TemplateName]: Record<Locale, { subject: string; says: string[] }> } = {
  "vendor-application-received": {
    // 23:30 UTC on the 24th is already the 25th in Paris: dates are the marketplace's.
    fr: {
      subject: "Votre candidature a été soumise pour vérification : Nuage & Fils <SAS>",
      says: ["25 novembre 2026", "soumise pour vérification", "Kbis", "support@marketplace.example"],
    },
    en: {
      subject: "Your application was submitted for review: Nuage & Fils <SAS>",
      says: ["25 November 2026", "submitted for review", "Kbis", "support@marketplace.example"],
    },
  },
  "vendor-approved": {
    fr: {
      subject: "Votre compte vendeur est approuvé : Nuage & Fils <SAS>",
      says: [
        "1 mars 2026",
        "publier vos offres",
        "https://vendors.marketplace.example/listings",
        "support@marketplace.example",
      ],
    },
    en: {
      subject: "Your vendor account is approved: Nuage & Fils <SAS>",
      says: [
        "1 March 2026",
        "publish your listings",
        "https://vendors.marketplace.example/listings",
        "support@marketplace.example",
      ],
    },
  },
  "vendor-rejected": {
    fr: {
      subject: "Votre candidature n'a pas été retenue : Nuage & Fils <SAS>",
      says: ["1 mars 2026", "Kbis > 3 mois & <illisible>", "définitive", "support@marketplace.example"],
    },
    en: {
      subject: "Your application was not accepted: Nuage & Fils <SAS>",
      says: ["1 March 2026", "Kbis > 3 mois & <illisible>", "final", "support@marketplace.example"],
    },
  },
  "vendor-information-requested": {
    fr: {
      subject: "Des informations sont nécessaires pour votre candidature : Nuage & Fils <SAS>",
      says: [
        "1 mars 2026",
        "Statuts <signés> & Kbis récent",
        "de nouveau ouverte",
        "soumettez-la à nouveau",
        "support@marketplace.example",
      ],
    },
    en: {
      subject: "More information is needed for your application: Nuage & Fils <SAS>",
      says: [
        "1 March 2026",
        "Statuts <signés> & Kbis récent",
        "open again",
        "submit it again",
        "support@marketplace.example",
      ],
    },
  },
  "vendor-bank-details-changed": {
    fr: {
      subject: "Coordonnées bancaires modifiées, paiements suspendus : Nuage & Fils <SAS>",
      says: ["1 mars 2026", "•••• 0189", "suspendus jusqu'à", "support@marketplace.example"],
    },
    en: {
      subject: "Bank details changed, payouts on hold: Nuage & Fils <SAS>",
      says: ["1 March 2026", "•••• 0189", "on hold until", "support@marketplace.example"],
    },
  },
  "vendor-bank-details-verified": {
    fr: {
      subject: "Coordonnées bancaires vérifiées, paiements repris : Nuage & Fils <SAS>",
      says: ["1 mars 2026", "•••• 0189", "reprennent", "support@marketplace.example"],
    },
    en: {
      subject: "Bank details verified, payouts resumed: Nuage & Fils <SAS>",
      says: ["1 March 2026", "•••• 0189", "resume", "support@marketplace.example"],
    },
  },
  "buyer-welcome": {
    // A company has 7 days to withdraw (an individual 14).
    fr: {
      subject: "Bienvenue sur la marketplace, Nuage & Fils <SAS>",
      says: [
        "achats@nuage.example",
        "Open Trusted Cloud",
        "48 heures",
        "Mes achats",
        "7 jours",
        "support@marketplace.example",
      ],
    },
    en: {
      subject: "Welcome to the marketplace, Nuage & Fils <SAS>",
      says: [
        "achats@nuage.example",
        "Open Trusted Cloud",
        "48 hours",
        "My purchases",
        "7 days",
        "support@marketplace.example",
      ],
    },
  },
  "order-confirmation": {
    fr: {
      subject: "Votre commande PO-NUAG-2026-000001 est transmise à Nuage & Fils <SAS>",
      says: [
        "Bonjour Acme Industries",
        "Kubernetes managé — Pro",
        "2 × 49,00 € / mois = 98,00 €",
        "Total HT\u00a0: 98,00 €",
        "TVA 20 %\u00a0: 19,60 €",
        "Total TTC\u00a0: 117,60 €",
        "sous 48 heures, au plus tard le 26 novembre 2026 à 15:30 (heure de Paris)",
        "rien n'est débité",
        "https://shop.marketplace.example/purchases/ord-1",
        "https://shop.marketplace.example/purchases/ord-1/documents/purchase-order",
        "Mes achats",
        "support@marketplace.example",
      ],
    },
    en: {
      subject: "Your order PO-NUAG-2026-000001 was sent to Nuage & Fils <SAS>",
      says: [
        "Hello Acme Industries",
        "Kubernetes managé — Pro",
        "2 × €49.00 / month = €98.00",
        "Subtotal (excl. VAT): €98.00",
        "VAT 20%: €19.60",
        "Total (incl. VAT): €117.60",
        "within 48 hours, by 26 November 2026 at 15:30 (Paris time)",
        "nothing is charged",
        "https://shop.marketplace.example/purchases/ord-1",
        "https://shop.marketplace.example/purchases/ord-1/documents/purchase-order",
        "My purchases",
        "support@marketplace.example",
      ],
    },
  },
  "vendor-order-received": {
    fr: {
      subject: "Nouvelle commande à valider : PO-NUAG-2026-000001",
      says: [
        "Acme Industries (entreprise)",
        "achats@acme.example",
        "FR44732829320",
        "2 × 49,00 € / mois = 98,00 €",
        "Total TTC\u00a0: 117,60 €",
        "(3 %) : 3,53 €",
        "avant le 26 novembre 2026 à 15:30 (heure de Paris)",
        "annulée automatiquement le 29 novembre 2026 à 15:30 (heure de Paris)",
        "https://vendors.marketplace.example/orders/ord-1",
        "support@marketplace.example",
      ],
    },
    en: {
      subject: "New order to validate: PO-NUAG-2026-000001",
      says: [
        "Acme Industries (company)",
        "achats@acme.example",
        "FR44732829320",
        "2 × €49.00 / month = €98.00",
        "Total (incl. VAT): €117.60",
        "(3%): €3.53",
        "by 26 November 2026 at 15:30 (Paris time)",
        "cancelled automatically on 29 November 2026 at 15:30 (Paris time)",
        "https://vendors.marketplace.example/orders/ord-1",
        "support@marketplace.example",
      ],
    },
  },
  "vendor-order-reminder": {
    fr: {
      subject: "Rappel : plus que 24 heures pour valider la commande PO-NUAG-2026-000001",
      says: [
        "Il reste 24 heures",
        "avant le 26 novembre 2026 à 15:30 (heure de Paris)",
        "https://vendors.marketplace.example/orders/ord-1",
        "support@marketplace.example",
      ],
    },
    en: {
      subject: "Reminder: 24 hours left to validate order PO-NUAG-2026-000001",
      says: [
        "24 hours are left",
        "by 26 November 2026 at 15:30 (Paris time)",
        "https://vendors.marketplace.example/orders/ord-1",
        "support@marketplace.example",
      ],
    },
  },
  "order-accepted": {
    fr: {
      subject: "Nuage & Fils <SAS> a accepté votre commande PO-NUAG-2026-000001",
      says: [
        "25 novembre 2026",
        "débitée de 117,60 €",
        "livrer",
        "https://shop.marketplace.example/purchases/ord-1",
        "support@marketplace.example",
      ],
    },
    en: {
      subject: "Nuage & Fils <SAS> accepted your order PO-NUAG-2026-000001",
      says: [
        "25 November 2026",
        "charged €117.60",
        "deliver",
        "https://shop.marketplace.example/purchases/ord-1",
        "support@marketplace.example",
      ],
    },
  },
  "order-refused": {
    fr: {
      subject: "Votre commande PO-NUAG-2026-000001 a été refusée par Nuage & Fils <SAS>",
      says: [
        "Capacité <illisible> & région pleine",
        "Remboursement intégral : l'autorisation sur votre carte est levée, rien n'est débité.",
        "support@marketplace.example",
      ],
    },
    en: {
      subject: "Your order PO-NUAG-2026-000001 was refused by Nuage & Fils <SAS>",
      says: [
        "Capacité <illisible> & région pleine",
        "Full refund: the authorization on your card is released, nothing is charged.",
        "support@marketplace.example",
      ],
    },
  },
  "order-overdue": {
    fr: {
      subject: "Nuage & Fils <SAS> n'a pas validé votre commande PO-NUAG-2026-000001 sous 48 heures",
      says: [
        "Annuler maintenant",
        "bouton « Annuler » de la commande dans Mes achats",
        "https://shop.marketplace.example/purchases/ord-1",
        "Attendre",
        "annulée automatiquement le 29 novembre 2026 à 15:30 (heure de Paris)",
        "support@marketplace.example",
      ],
    },
    en: {
      subject: "Nuage & Fils <SAS> did not validate your order PO-NUAG-2026-000001 within 48 hours",
      says: [
        "Cancel now",
        'the "Cancel" button of the order in My purchases',
        "https://shop.marketplace.example/purchases/ord-1",
        "Wait",
        "cancelled automatically on 29 November 2026 at 15:30 (Paris time)",
        "support@marketplace.example",
      ],
    },
  },
  "order-cancelled": {
    fr: {
      subject: "Votre commande PO-NUAG-2026-000001 auprès de Nuage & Fils <SAS> est annulée",
      says: ["annulée automatiquement", "5 jours", "rien n'est débité", "support@marketplace.example"],
    },
    en: {
      subject: "Your order PO-NUAG-2026-000001 with Nuage & Fils <SAS> is cancelled",
      says: ["cancelled automatically", "5 days", "nothing is charged", "support@marketplace.example"],
    },
  },
  "order-delivered": {
    fr: {
      subject: "Nuage & Fils <SAS> a livré votre commande PO-NUAG-2026-000001",
      says: [
        "https://k8s.nuage.example/acme",
        "Login: admin & <signés>",
        "NUAG-2026-000007",
        "https://shop.marketplace.example/purchases/ord-1/documents/invoice",
        "support@marketplace.example",
      ],
    },
    en: {
      subject: "Nuage & Fils <SAS> delivered your order PO-NUAG-2026-000001",
      says: [
        "https://k8s.nuage.example/acme",
        "Login: admin & <signés>",
        "NUAG-2026-000007",
        "https://shop.marketplace.example/purchases/ord-1/documents/invoice",
        "support@marketplace.example",
      ],
    },
  },
  "operations-order-overdue": {
    fr: {
      subject: "Commande en retard : Nuage & Fils <SAS>, PO-NUAG-2026-000001",
      says: [
        "PO-NUAG-2026-000001",
        "Acme Industries <achats@acme.example>",
        "117,60 €",
        "26 novembre 2026 à 15:30 (heure de Paris)",
        "https://ops.marketplace.example/orders/ord-1",
      ],
    },
    en: {
      subject: "Overdue order: Nuage & Fils <SAS>, PO-NUAG-2026-000001",
      says: [
        "PO-NUAG-2026-000001",
        "Acme Industries <achats@acme.example>",
        "€117.60",
        "26 November 2026 at 15:30 (Paris time)",
        "https://ops.marketplace.example/orders/ord-1",
      ],
    },
  },
  "subscription-trial-started": {
    fr: {
      subject: "Votre essai de Kubernetes managé — Pro se termine le 7 décembre 2026",
      says: [
        "Bonjour Acme Industries",
        "Il se termine le 7 décembre 2026",
        "Kubernetes managé — Pro\u00a0: 2 × 49,00 € / mois = 98,00 €",
        "Le 8 décembre 2026, votre carte sera débitée de 98,00 € (hors taxes, TVA 20 % en sus), puis chaque mois",
        "jusqu'à 24 heures avant cette échéance",
        "https://shop.marketplace.example/subscriptions/sub-1",
        "support@marketplace.example",
      ],
    },
    en: {
      subject: "Your trial of Kubernetes managé — Pro ends on 7 December 2026",
      says: [
        "Hello Acme Industries",
        "It ends on 7 December 2026",
        "Kubernetes managé — Pro: 2 × €49.00 / month = €98.00",
        "On 8 December 2026, your card will be charged €98.00 (excl. VAT, plus VAT at 20%), then every month",
        "until 24 hours before that date",
        "https://shop.marketplace.example/subscriptions/sub-1",
        "support@marketplace.example",
      ],
    },
  },
  "subscription-renewed": {
    fr: {
      subject: "Votre abonnement Kubernetes managé — Pro est renouvelé : facture NUAG-2026-000007",
      says: [
        "pour la période du 24 décembre 2026 au 23 janvier 2027",
        "Votre carte est débitée de 117,60 €",
        "Total HT\u00a0: 98,00 €",
        "TVA 20 %\u00a0: 19,60 €",
        "Total TTC\u00a0: 117,60 €",
        "Votre facture NUAG-2026-000007 (PDF) :",
        "https://shop.marketplace.example/subscriptions/sub-1/invoices/NUAG-2026-000007",
        "Prochaine échéance : le 24 janvier 2027",
        "https://shop.marketplace.example/subscriptions/sub-1",
        "support@marketplace.example",
      ],
    },
    en: {
      subject: "Your subscription Kubernetes managé — Pro is renewed: invoice NUAG-2026-000007",
      says: [
        "for the period from 24 December 2026 to 23 January 2027",
        "Your card is charged €117.60",
        "Subtotal (excl. VAT): €98.00",
        "VAT 20%: €19.60",
        "Total (incl. VAT): €117.60",
        "Your invoice NUAG-2026-000007 (PDF):",
        "https://shop.marketplace.example/subscriptions/sub-1/invoices/NUAG-2026-000007",
        "Next due date: 24 January 2027",
        "https://shop.marketplace.example/subscriptions/sub-1",
        "support@marketplace.example",
      ],
    },
  },
  "vendor-subscription-renewed": {
    fr: {
      subject: "Renouvellement payé : Kubernetes managé — Pro, Acme Industries",
      says: [
        "Acme Industries a payé 117,60 €",
        "période du 24 décembre 2026 au 23 janvier 2027",
        "Acme Industries (entreprise)",
        "achats@acme.example",
        "Total TTC\u00a0: 117,60 €",
        "Facture\u00a0: NUAG-2026-000007",
        "(3 %) : 3,53 €",
        "https://vendors.marketplace.example/subscriptions/sub-1",
        "support@marketplace.example",
      ],
    },
    en: {
      subject: "Renewal paid: Kubernetes managé — Pro, Acme Industries",
      says: [
        "Acme Industries paid €117.60",
        "period from 24 December 2026 to 23 January 2027",
        "Acme Industries (company)",
        "achats@acme.example",
        "Total (incl. VAT): €117.60",
        "Invoice: NUAG-2026-000007",
        "(3%): €3.53",
        "https://vendors.marketplace.example/subscriptions/sub-1",
        "support@marketplace.example",
      ],
    },
  },
  "subscription-renewal-failed": {
    fr: {
      subject: "Le paiement de votre abonnement Kubernetes managé — Pro a échoué",
      says: [
        "Le 24 décembre 2026, le prélèvement de 117,60 €",
        "(période du 24 décembre 2026 au 23 janvier 2027) a échoué : le solde de la carte était insuffisant.",
        "Mettez à jour votre carte :",
        "https://shop.marketplace.example/account/payment-methods",
        "Nous réessaierons le 26 décembre 2026 à 00:00 (heure de Paris)",
        "https://shop.marketplace.example/subscriptions/sub-1",
        "support@marketplace.example",
      ],
    },
    en: {
      subject: "The payment for your subscription Kubernetes managé — Pro failed",
      says: [
        "On 24 December 2026, the charge of €117.60",
        "(period from 24 December 2026 to 23 January 2027) failed: the card had insufficient funds.",
        "Update your card:",
        "https://shop.marketplace.example/account/payment-methods",
        "We will try again on 26 December 2026 at 00:00 (Paris time)",
        "https://shop.marketplace.example/subscriptions/sub-1",
        "support@marketplace.example",
      ],
    },
  },
  "vendor-subscription-renewal-failed": {
    fr: {
      subject: "Échec du paiement d'un renouvellement : Kubernetes managé — Pro, Acme Industries",
      says: [
        "Le prélèvement de 117,60 €",
        "(tentative n° 1)",
        "Acme Industries (entreprise)",
        "Prochaine tentative : le 26 décembre 2026 à 00:00 (heure de Paris)",
        "https://vendors.marketplace.example/subscriptions/sub-1",
      ],
    },
    en: {
      subject: "Renewal payment failed: Kubernetes managé — Pro, Acme Industries",
      says: [
        "The charge of €117.60",
        "(attempt 1)",
        "Acme Industries (company)",
        "Next attempt: 26 December 2026 at 00:00 (Paris time)",
        "https://vendors.marketplace.example/subscriptions/sub-1",
      ],
    },
  },
  "subscription-suspended": {
    fr: {
      subject: "Votre abonnement Kubernetes managé — Pro est suspendu",
      says: [
        "l'abonnement est suspendu, et Nuage & Fils <SAS> peut interrompre le service",
        "réglez 117,60 € avec une nouvelle carte",
        "https://shop.marketplace.example/account/payment-methods",
        "payez la période ouverte depuis la page de votre abonnement :",
        "https://shop.marketplace.example/subscriptions/sub-1",
        "l'abonnement prendra fin le 1 février 2027",
        "support@marketplace.example",
      ],
    },
    en: {
      subject: "Your subscription Kubernetes managé — Pro is suspended",
      says: [
        "the subscription is suspended, and Nuage & Fils <SAS> may cut the service",
        "pay €117.60 with a new card",
        "https://shop.marketplace.example/account/payment-methods",
        "pay the open period from your subscription's page:",
        "https://shop.marketplace.example/subscriptions/sub-1",
        "the subscription ends on 1 February 2027",
        "support@marketplace.example",
      ],
    },
  },
  "vendor-subscription-suspended": {
    fr: {
      subject: "Abonnement suspendu : Kubernetes managé — Pro, Acme Industries",
      says: [
        "le dernier essai de prélèvement de 117,60 € a échoué",
        "Vous pouvez interrompre le service",
        "il prend fin le 1 février 2027",
        "https://vendors.marketplace.example/subscriptions/sub-1",
      ],
    },
    en: {
      subject: "Subscription suspended: Kubernetes managé — Pro, Acme Industries",
      says: [
        "the last attempt to charge €117.60 failed",
        "You may cut the service",
        "it ends on 1 February 2027",
        "https://vendors.marketplace.example/subscriptions/sub-1",
      ],
    },
  },
  "subscription-reactivated": {
    fr: {
      subject: "Votre abonnement Kubernetes managé — Pro est réactivé",
      says: [
        "de nouveau actif pour la période du 24 janvier 2027 au 23 février 2027",
        "https://shop.marketplace.example/subscriptions/sub-1",
      ],
    },
    en: {
      subject: "Your subscription Kubernetes managé — Pro is reactivated",
      says: [
        "active again for the period from 24 January 2027 to 23 February 2027",
        "https://shop.marketplace.example/subscriptions/sub-1",
      ],
    },
  },
  "vendor-subscription-reactivated": {
    fr: {
      subject: "Abonnement réactivé : Kubernetes managé — Pro, Acme Industries",
      says: [
        "Acme Industries a réglé la période ouverte",
        "Rétablissez le service",
        "https://vendors.marketplace.example/subscriptions/sub-1",
      ],
    },
    en: {
      subject: "Subscription reactivated: Kubernetes managé — Pro, Acme Industries",
      says: [
        "Acme Industries paid the open period",
        "Restore the service",
        "https://vendors.marketplace.example/subscriptions/sub-1",
      ],
    },
  },
  "subscription-cancellation-scheduled": {
    fr: {
      subject: "Résiliation confirmée : Kubernetes managé — Pro",
      says: [
        "Dernier jour de service\u00a0: 23 janvier 2027",
        "Montant qui ne sera plus débité\u00a0: 117,60 € / mois",
        "Plus rien n'est débité à partir du 24 janvier 2027.",
        "Annulez la résiliation depuis la page de votre abonnement, avant le 24 janvier 2027 :",
        "https://shop.marketplace.example/subscriptions/sub-1",
      ],
    },
    en: {
      subject: "Cancellation confirmed: Kubernetes managé — Pro",
      says: [
        "Last day of service: 23 January 2027",
        "Amount no longer charged: €117.60 / month",
        "Nothing is charged from 24 January 2027 on.",
        "Undo the cancellation from your subscription's page, before 24 January 2027:",
        "https://shop.marketplace.example/subscriptions/sub-1",
      ],
    },
  },
  "vendor-subscription-cancellation-scheduled": {
    fr: {
      subject: "Résiliation programmée : Kubernetes managé — Pro, Acme Industries",
      says: [
        "Le service court jusqu'au 23 janvier 2027 inclus",
        "plus rien n'est débité à partir du 24 janvier 2027 (117,60 € par échéance)",
        "Acme Industries (entreprise)",
        "https://vendors.marketplace.example/subscriptions/sub-1",
      ],
    },
    en: {
      subject: "Cancellation scheduled: Kubernetes managé — Pro, Acme Industries",
      says: [
        "Service runs until 23 January 2027 included",
        "nothing is charged from 24 January 2027 (€117.60 per period)",
        "Acme Industries (company)",
        "https://vendors.marketplace.example/subscriptions/sub-1",
      ],
    },
  },
  "subscription-cancellation-undone": {
    fr: {
      subject: "Votre abonnement Kubernetes managé — Pro continue",
      says: [
        "il se renouvelle de nouveau le 24 janvier 2027, au prix de 2 × 49,00 € / mois = 98,00 € (hors taxes, TVA 20 % en sus)",
        "https://shop.marketplace.example/subscriptions/sub-1",
      ],
    },
    en: {
      subject: "Your subscription Kubernetes managé — Pro continues",
      says: [
        "it renews again on 24 January 2027, at 2 × €49.00 / month = €98.00 (excl. VAT, plus VAT at 20%)",
        "https://shop.marketplace.example/subscriptions/sub-1",
      ],
    },
  },
  "vendor-subscription-cancellation-undone": {
    fr: {
      subject: "Résiliation annulée : Kubernetes managé — Pro, Acme Industries",
      says: [
        "Acme Industries a annulé la résiliation",
        "il se renouvelle de nouveau le 24 janvier 2027",
        "https://vendors.marketplace.example/subscriptions/sub-1",
      ],
    },
    en: {
      subject: "Cancellation undone: Kubernetes managé — Pro, Acme Industries",
      says: [
        "Acme Industries undid the cancellation",
        "it renews again on 24 January 2027",
        "https://vendors.marketplace.example/subscriptions/sub-1",
      ],
    },
  },
  "subscription-ended": {
    fr: {
      subject: "Votre abonnement Kubernetes managé — Pro a pris fin",
      says: [
        "Comme vous l'avez demandé",
        "votre dernier jour de service était le 23 janvier 2027",
        "Plus rien ne sera débité",
        "https://shop.marketplace.example/subscriptions/sub-1",
      ],
    },
    en: {
      subject: "Your subscription Kubernetes managé — Pro has ended",
      says: [
        "As you asked",
        "your last day of service was 23 January 2027",
        "Nothing more will be charged",
        "https://shop.marketplace.example/subscriptions/sub-1",
      ],
    },
  },
  "vendor-subscription-ended": {
    fr: {
      subject: "Abonnement terminé : Kubernetes managé — Pro, Acme Industries",
      says: [
        "a pris fin à sa résiliation : le dernier jour de service était le 23 janvier 2027",
        "vous pouvez arrêter le service",
        "https://vendors.marketplace.example/subscriptions/sub-1",
      ],
    },
    en: {
      subject: "Subscription ended: Kubernetes managé — Pro, Acme Industries",
      says: [
        "ended at its cancellation: the last day of service was 23 January 2027",
        "you may stop the service",
        "https://vendors.marketplace.example/subscriptions/sub-1",
      ],
    },
  },
  "subscription-renewal-reminder": {
    fr: {
      subject: "Votre abonnement Kubernetes managé — Pro se renouvelle le 24 novembre 2027",
      says: [
        "se renouvelle automatiquement le 24 novembre 2027 : votre carte sera débitée de 588,00 €",
        "Kubernetes managé — Pro\u00a0: 1 × 490,00 € / an = 490,00 €",
        "résiliez-le depuis la page de votre abonnement avant le 23 novembre 2027 à 00:00 (heure de Paris) :",
        "https://shop.marketplace.example/subscriptions/sub-2",
      ],
    },
    en: {
      subject: "Your subscription Kubernetes managé — Pro renews on 24 November 2027",
      says: [
        "renews automatically on 24 November 2027: your card will be charged €588.00",
        "Kubernetes managé — Pro: 1 × €490.00 / year = €490.00",
        "cancel it from your subscription's page before 23 November 2027 at 00:00 (Paris time):",
        "https://shop.marketplace.example/subscriptions/sub-2",
      ],
    },
  },
  "order-withdrawn": {
    fr: {
      subject: "Votre rétractation de la commande PO-NUAG-2026-000001 est confirmée",
      says: [
        "vous vous êtes rétracté",
        "prennent fin immédiatement",
        "sont remboursés sur votre carte",
        "support@marketplace.example",
      ],
    },
    en: {
      subject: "Your withdrawal from order PO-NUAG-2026-000001 is confirmed",
      says: ["you withdrew from your order", "end at once", "is refunded to your card", "support@marketplace.example"],
    },
  },
  "vendor-order-withdrawn": {
    fr: {
      subject: "Acme Industries s'est rétracté de la commande PO-NUAG-2026-000001",
      says: ["droit de rétractation", "remboursé intégralement", "https://vendors.marketplace.example/orders/ord-1"],
    },
    en: {
      subject: "Acme Industries withdrew from order PO-NUAG-2026-000001",
      says: ["right of withdrawal", "refunded in full", "https://vendors.marketplace.example/orders/ord-1"],
    },
  },
  "buyer-dispute-update": {
    fr: {
      subject: "Litige résolu : commande PO-NUAG-2026-000001",
      says: ["Remboursement partiel : 120,00 €.", "non conforme à la description", "https://shop.marketplace.example/"],
    },
    en: {
      subject: "Dispute resolved: order PO-NUAG-2026-000001",
      says: ["Partially refunded: €120.00.", "not as described", "https://shop.marketplace.example/"],
    },
  },
  "vendor-dispute-update": {
    fr: {
      subject: "Litige ouvert sur la commande PO-NUAG-2026-000001",
      says: ["Only 2 nodes & <no> SLA", "Pièces jointes : screenshot.png", "https://vendors.marketplace.example/"],
    },
    en: {
      subject: "Dispute opened on order PO-NUAG-2026-000001",
      says: ["Only 2 nodes & <no> SLA", "Attachments: screenshot.png", "https://vendors.marketplace.example/"],
    },
  },
  "operations-dispute-update": {
    fr: {
      subject: "Litige ouvert sur la commande PO-NUAG-2026-000001",
      says: ["Motif", "non conforme à la description", "https://ops.marketplace.example/"],
    },
    en: {
      subject: "Dispute opened on order PO-NUAG-2026-000001",
      says: ["Reason", "not as described", "https://ops.marketplace.example/"],
    },
  },
};

/**
 * The vendor emails about its application or its listing also show the contact details it gave
 * (to check, or correct while it still can); a decision or a bank-details email does not.
 */
const showsContact = new Set<TemplateName>([
  "vendor-application-received",
  "vendor-approved",
  "vendor-information-requested",
  // The buyer's order emails that may lead it to call the vendor (docs/business-rules.md: the confirmation shows them),
  // and the operators'.
  "order-confirmation",
  "order-accepted",
  "order-overdue",
  "order-delivered",
  "operations-order-overdue",
]);
const contactFacts = (template: TemplateName) =>
  showsContact.has(template) ? [contact.email, contact.phone, contact.supportUrl] : [];

const cases = TEMPLATE_NAMES.flatMap((template) => LOCALES.map((locale) => [template, locale] as const));

describe.each(cases)("the %s email in %s", (template, locale) => {
  const email = renderEmail({ template, facts: examples[template] } as EmailContent, locale, context);
  const expected = expectations[template][locale];

  it("has the subject of its language, naming the company", () => {
    expect(email.subject).toBe(expected.subject);
  });

  it("states the facts in the text and in the HTML", () => {
    for (const fact of [...expected.says, "Nuage & Fils <SAS>", ...contactFacts(template)]) {
      expect(email.text).toContain(fact);
      expect(email.html).toContain(escapeHtml(fact));
    }
  });

  it("is written in its language only", () => {
    const other =
      locale === "fr" ? /\b(Hello|The marketplace team|Our|your)\b/ : /\b(Bonjour|L'équipe|Nous|votre|vos)\b/;
    expect(email.text).not.toMatch(other);
    expect(email.html).toContain(`<html lang="${locale}">`);
  });

  it("escapes what the vendor and operators typed, so it cannot inject markup", () => {
    for (const typed of ["<SAS>", "<illisible>", "<signés>"]) expect(email.html).not.toContain(typed);
    expect(email.html).toContain("Nuage &amp; Fils &lt;SAS&gt;");
  });
});

describe("the contact list", () => {
  it("leaves out the support URL when the vendor gave none", () => {
    const email = renderEmail(
      {
        template: "vendor-approved",
        facts: { ...examples["vendor-approved"], contact: { email: contact.email, phone: contact.phone } },
      },
      "en",
      context,
    );
    expect(email.text).not.toContain("Support:");
    expect(email.text).toContain(`- Email: ${contact.email}\n- Phone: ${contact.phone}\n`);
  });
});

describe("the buyer-welcome email", () => {
  it("gives an individual the consumer's 14-day withdrawal period, in both languages", () => {
    const facts = { name: "Camille Martin", kind: "individual" as const, email: "camille@example.org" };
    expect(renderEmail({ template: "buyer-welcome", facts }, "fr", context).text).toContain("14 jours");
    expect(renderEmail({ template: "buyer-welcome", facts }, "en", context).text).toContain("14 days");
  });
});

describe("a vendor's delivery instructions", () => {
  it.each(LOCALES)("keep their line breaks, quoted, in %s", (locale) => {
    const email = renderEmail({ template: "order-delivered", facts: examples["order-delivered"] }, locale, context);
    expect(email.text).toContain("> Login: admin & <signés>\n> Then rotate the key.");
    expect(email.html).toContain(
      "<blockquote><p>Login: admin &amp; &lt;signés&gt;<br>Then rotate the key.</p></blockquote>",
    );
  });
});

describe("the order emails' VAT", () => {
  const reverseCharge = {
    ...order,
    vatTreatment: {
      kind: "reverse-charge" as const,
      rateBasisPoints: 0,
      mention: "Autoliquidation — article 283-2 du CGI",
    },
    totals: { ...order.totals, vat: { amount: 0, currency: "EUR" }, total: order.totals.subtotal },
  };

  it.each(LOCALES)("states the reverse charge and its legal mention instead of a VAT rate, in %s", (locale) => {
    for (const template of ["order-confirmation", "vendor-order-received"] as const) {
      const email = renderEmail(
        { template, facts: { order: reverseCharge, purchaseOrderNumber: "PO-1" } },
        locale,
        context,
      );
      expect(email.text).toContain("Autoliquidation — article 283-2 du CGI");
      expect(email.text).toContain(
        locale === "fr" ? "TVA (autoliquidation)\u00a0: 0,00 €" : "VAT (reverse charge): €0.00",
      );
      expect(email.text).not.toMatch(/TVA 20|VAT 20/);
    }
  });

  it("says when an order is outside the scope of EU VAT", () => {
    const outside = { ...order, vatTreatment: { kind: "outside-eu" as const, rateBasisPoints: 0, mention: null } };
    expect(
      renderEmail(
        { template: "order-confirmation", facts: { order: outside, purchaseOrderNumber: "PO-1" } },
        "en",
        context,
      ).text,
    ).toContain("VAT (outside the scope of EU VAT)");
  });
});

describe("the order emails' lines", () => {
  const withTrial = {
    ...order,
    lines: [{ ...order.lines[0]!, trialDays: 14, amount: { amount: 0, currency: "EUR" } }],
  };

  it.each(LOCALES)("say a free trial's line is not charged now instead of a zero amount, in %s", (locale) => {
    for (const template of ["order-confirmation", "vendor-order-received"] as const) {
      const { text, html } = renderEmail(
        { template, facts: { order: withTrial, purchaseOrderNumber: "PO-1" } },
        locale,
        context,
      );
      const trial =
        locale === "fr"
          ? "essai gratuit de 14 jours, premier prélèvement à son terme"
          : "14-day free trial, first charge at its end";
      expect(text).toContain(trial);
      expect(html).toContain(trial);
      expect(text).not.toMatch(/= (0,00\u00a0€|€0\.00)/);
    }
  });
});

describe("the order-cancelled email", () => {
  it("tells a buyer who cancelled an overdue order that it did, in both languages", () => {
    const facts = { order, reason: "buyer-cancelled-overdue" as const, cancelledAt: "2026-11-27T09:00:00.000Z" };
    expect(renderEmail({ template: "order-cancelled", facts }, "fr", context).text).toContain(
      "vous avez annulé votre commande",
    );
    expect(renderEmail({ template: "order-cancelled", facts }, "en", context).text).toContain(
      "you cancelled your order",
    );
  });
});

describe("an operator's reason or message", () => {
  it("keeps its line breaks: quoted in the text, <br> in the HTML", () => {
    const message = "1. Le Kbis a plus de 3 mois.\n2. Il manque les statuts signés.";
    const email = renderEmail(
      { template: "vendor-information-requested", facts: { ...examples["vendor-information-requested"], message } },
      "fr",
      context,
    );
    expect(email.text).toContain("> 1. Le Kbis a plus de 3 mois.\n> 2. Il manque les statuts signés.");
    expect(email.html).toContain(
      "<blockquote><p>1. Le Kbis a plus de 3 mois.<br>2. Il manque les statuts signés.</p></blockquote>",
    );
  });
});

describe("the bank-details emails", () => {
  it.each(LOCALES)("show the account only by its last 4 characters and its holder, in %s", (locale) => {
    for (const template of ["vendor-bank-details-changed", "vendor-bank-details-verified"] as const) {
      const email = renderEmail({ template, facts: examples[template] } as EmailContent, locale, context);
      expect(email.text).toMatch(/IBAN\u00a0?: •••• 0189\n/);
      expect(email.text).toContain(`: Nuage & Fils <SAS>\n`);
    }
  });
});

const orderTemplates = TEMPLATE_NAMES.filter((template) => "order" in examples[template]);
const withoutUrls = (text: string) => text.replace(/https?:\/\/\S+/g, "");

describe("the order emails' reference", () => {
  it.each(orderTemplates.flatMap((template) => LOCALES.map((locale) => [template, locale] as const)))(
    "%s in %s names the purchase order number, never the order's internal id",
    (template, locale) => {
      const email = renderEmail({ template, facts: examples[template] } as EmailContent, locale, context);
      expect(email.subject).toContain("PO-NUAG-2026-000001");
      expect(withoutUrls(email.text)).toContain("PO-NUAG-2026-000001");
      expect(withoutUrls(`${email.subject}\n${email.text}`)).not.toContain(order.orderId);
    },
  );

  it("falls back to the order's id for an event recorded before the number travelled", () => {
    const { purchaseOrderNumber: _dropped, ...older } = order;
    const email = renderEmail(
      { template: "order-accepted", facts: { ...examples["order-accepted"], order: older } },
      "en",
      context,
    );
    expect(email.subject).toBe("Nuage & Fils <SAS> accepted your order ord-1");
  });
});

describe("the links of every email", () => {
  const bases: Record<WebApp, string> = {
    storefront: context.storefrontWebUrl,
    vendorPortal: context.vendorPortalUrl,
    backoffice: context.backofficeWebUrl,
  };
  /** Each documented route as a pattern under its application's base URL. */
  const routePatterns = (Object.keys(WEB_ROUTES) as WebApp[]).flatMap((app) =>
    Object.values(WEB_ROUTES[app]).map(
      (route: string) => new RegExp(`^${bases[app].replace(/\./g, "\\.")}${route.replace(/\{\w+\}/g, "[^/?#]+")}$`),
    ),
  );
  // What vendors gave (their support page, a delivery's access URL) is theirs to choose.
  const vendorGiven = new Set([contact.supportUrl, "https://k8s.nuage.example/acme"]);

  it.each(cases)("%s in %s links only to documented web routes, never to an API", (template, locale) => {
    const email = renderEmail({ template, facts: examples[template] } as EmailContent, locale, context);
    const inText = email.text.match(/https?:\/\/[^\s<>"]+/g) ?? [];
    const inHtml = [...email.html.matchAll(/href="([^"]+)"/g)].map((match) => match[1]!.replace(/&amp;/g, "&"));
    for (const url of [...inText, ...inHtml].map((found) => found.replace(/[.,;:)]+$/, ""))) {
      if (vendorGiven.has(url)) continue;
      expect(url).not.toMatch(/\/(api|vendor|ops)\/v1(\/|$)/);
      expect(routePatterns.some((pattern) => pattern.test(url)) ? url : `undocumented: ${url}`).toBe(url);
    }
  });

  it("are the routes docs/web-routes.md lists, each with its application", () => {
    const doc = readFileSync(join(__dirname, "../../../../../docs/web-routes.md"), "utf8");
    const documented = [...doc.matchAll(/^\| `(\w+)` +\| `(\/[^`]*)` /gm)].map(([, app, route]) => `${app} ${route}`);
    const declared = (Object.keys(WEB_ROUTES) as WebApp[]).flatMap((app) =>
      Object.values(WEB_ROUTES[app]).map((route: string) => `${app} ${route}`),
    );
    expect(documented.sort()).toEqual(declared.sort());
  });
});

describe("the subscription emails", () => {
  const text = (content: EmailContent, locale: Locale) => renderEmail(content, locale, context).text;

  it.each(LOCALES)("say when the failed charge was the last attempt, in %s", (locale) => {
    for (const template of ["subscription-renewal-failed", "vendor-subscription-renewal-failed"] as const) {
      const facts = { ...renewalFailed, failures: 4, nextRetryAt: null };
      expect(text({ template, facts }, locale)).toContain(
        locale === "fr" ? "C'était la dernière tentative" : "This was the last attempt",
      );
      expect(text({ template, facts }, locale)).not.toMatch(/réessaierons|Prochaine tentative|try again|Next attempt/);
    }
  });

  it.each([
    ["card_declined", "la banque a refusé le paiement", "the bank declined the payment"],
    ["card-declined", "la banque a refusé le paiement", "the bank declined the payment"],
    [null, "la banque a refusé le paiement", "the bank declined the payment"],
    ["expired-card", "la carte a expiré", "the card has expired"],
    ["authentication_required", "authentification forte", "strong customer authentication"],
    ["no-saved-card", "aucune carte n'est enregistrée", "no card is saved"],
  ])("word the decline %s for the buyer", (declineCode, fr, en) => {
    const content = { template: "subscription-renewal-failed" as const, facts: { ...renewalFailed, declineCode } };
    expect(text(content, "fr")).toContain(fr);
    expect(text(content, "en")).toContain(en);
    expect(text(content, "en")).not.toContain(String(declineCode));
  });

  it.each([
    [
      "withdrawn",
      "droit de rétractation",
      "remboursé intégralement",
      "withdrew within the legal period",
      "refunded in full",
    ],
    [
      "suspended-too-long",
      "suspendu 30 jours sans paiement",
      "23 janvier 2027",
      "suspended for 30 days",
      "23 January 2027",
    ],
  ] as const)("word an end by %s for the buyer and the vendor", (reason, fr1, fr2, en1, en2) => {
    for (const template of ["subscription-ended", "vendor-subscription-ended"] as const) {
      const content = { template, facts: { ...ended, reason } };
      const [fr, en] = [text(content, "fr"), text(content, "en")];
      expect(fr).toContain(fr2);
      expect(en).toContain(en2);
      if (template === "subscription-ended") {
        expect(fr).toContain(fr1);
        expect(en).toContain(en1);
      }
      expect(fr).not.toContain("Comme vous l'avez demandé");
      expect(en).not.toContain("As you asked");
    }
  });

  it.each(LOCALES)("say a cancellation waits for the end of the commitment, in %s", (locale) => {
    const facts = {
      ...cancellationScheduled,
      subscription: { ...subscription, commitmentMonths: 12 },
      lastDayOfService: "2027-11-23",
      effectiveOn: "2027-11-24",
      deferredByCommitment: true,
    };
    for (const template of [
      "subscription-cancellation-scheduled",
      "vendor-subscription-cancellation-scheduled",
    ] as const)
      expect(text({ template, facts }, locale)).toContain(
        locale === "fr"
          ? "engagement de 12 mois : la résiliation prend effet à la fin de la période d'engagement"
          : "12-month commitment: the cancellation takes effect at the end of the committed term",
      );
    expect(text({ template: "subscription-cancellation-scheduled", facts: cancellationScheduled }, locale)).not.toMatch(
      /engagement|commitment/,
    );
  });

  it("shows the buyer's deadlines in the buyer's own zone, naming it", () => {
    const inNewYork = {
      ...examples["subscription-renewal-reminder"],
      subscription: { ...exampleYearlySubscription, timeZone: "America/New_York" },
      cancellableUntil: "2027-11-23T05:00:00.000Z",
    };
    const content = { template: "subscription-renewal-reminder" as const, facts: inNewYork };
    expect(text(content, "en")).toContain("before 23 November 2027 at 00:00 (America/New_York time)");
    expect(text(content, "fr")).toContain("avant le 23 novembre 2027 à 00:00 (heure de America/New_York)");
  });

  it.each(LOCALES)("call a trial's first charge paid rather than renewed, in %s", (locale) => {
    const facts = { ...renewed, period: { number: 0, startsOn: "2026-12-08", endsBefore: "2027-01-08" } };
    const email = renderEmail({ template: "subscription-renewed", facts }, locale, context);
    expect(email.subject).toBe(
      locale === "fr"
        ? "Votre abonnement Kubernetes managé — Pro est payé : facture NUAG-2026-000007"
        : "Your subscription Kubernetes managé — Pro is paid: invoice NUAG-2026-000007",
    );
    expect(email.text).toContain(
      locale === "fr" ? "du 8 décembre 2026 au 7 janvier 2027" : "from 8 December 2026 to 7 January 2027",
    );
  });

  it("state the VAT on top of a trial's price as the buyer's treatment says", () => {
    const trial = examples["subscription-trial-started"];
    const reverse = {
      ...trial,
      subscription: {
        ...trial.subscription,
        vatTreatment: { kind: "reverse-charge" as const, rateBasisPoints: 0, mention: null },
      },
    };
    expect(text({ template: "subscription-trial-started", facts: reverse }, "en")).toContain(
      "€98.00 (excl. VAT, VAT reverse charge)",
    );
  });
});
