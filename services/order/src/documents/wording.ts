import type { Money } from "@mkt/contracts";
import { DOCUMENT_TIME_ZONE } from "../domain/numbering.js";

// What the order documents say, per language: a purchase order or an invoice is written in its
// buyer's language (BuyerSnapshot.locale, chosen by the buyer and frozen at checkout). One table
// per language, the same keys, so a sentence cannot exist in one language only.

export type DocumentLocale = "fr" | "en";

export interface Wording {
  /** Between a label and its value: French puts a space before the colon. */
  colon: string;
  money(money: Money): string;
  /** A VAT rate in basis points: 2000 → `20%` / `20 %`, 550 → `5.5%` / `5,5 %`. */
  rate(basisPoints: number): string;
  /** A calendar date in France. */
  date(at: Date): string;
  /** A date and time in France, naming the time zone. */
  dateTime(at: Date): string;
  /** A calendar date given as such (`2024-02-29`, a subscription period's day), not an instant. */
  calendarDate(isoDate: string): string;
  /** `SAS au capital de 10 000,00 €` / `SAS with a share capital of 10,000.00 EUR`. */
  legalForm(form: string | undefined, capital: Money | undefined): string | null;
  /** The label of a registration number: SIREN (9 digits) or SIRET (14) for a French company. */
  registrationLabel(kind: "siren" | "siret" | "other"): string;
  notProvided: string;
  addressNotProvided: string;
  vatNumber: string;
  email: string;
  phone: string;
  support: string;
  purchaseOrder: {
    title(number: string): string;
    subtitle: string;
    number: string;
    date: string;
    order: string;
    checkout: string;
    answerDueBy: string;
    answerDueSuffix: string;
    vendor: string;
    buyer: string;
    footer: string;
  };
  invoice: {
    title(number: string): string;
    subtitle(seller: string): string;
    number: string;
    issueDate: string;
    deliveryDate: string;
    dueDate: string;
    paidByCard: string;
    order: string;
    purchaseOrder: string;
    seller: string;
    buyer: string;
    /** Code de commerce L441-10, for company buyers: late-payment penalties, the €40 indemnity, no discount. */
    latePayment: string[];
  };
  /** A renewal's invoice: what differs from an order's invoice (the rest is `invoice`). */
  renewalInvoice: {
    subtitle(seller: string): string;
    /** The days served, the last one included. */
    servicePeriod(firstDay: string, lastDay: string): string;
    periodNumber: string;
    subscription: string;
    payment: string;
    paidByCard(paidOn: string, paymentId: string): string;
  };
  lines: {
    heading: string;
    plan: string;
    monthly: string;
    yearly: string;
    commitment(months: number): string;
    noCommitment: string;
    trial(days: number): string;
    noTrial: string;
    quantity(quantity: number, unit: string, amount: string): string;
  };
  totals: {
    heading: string;
    subtotal: string;
    vatOn(rate: string, base: string): string;
    vat(rate: string): string;
    reverseCharge: string;
    outsideEu: string;
    total: string;
  };
}

function dateParts(at: Date): Record<string, string> {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: DOCUMENT_TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  return Object.fromEntries(parts.map((part) => [part.type, part.value]));
}

/** Integer minor units with a grouping separator every three digits and two decimals. */
function amount(money: Money, group: string, decimal: string): string {
  const sign = money.amount < 0 ? "-" : "";
  const cents = Math.abs(money.amount);
  const units = String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${sign}${units}${decimal}${String(cents % 100).padStart(2, "0")}`;
}

const english: Wording = {
  colon: ": ",
  money: (money) => `${amount(money, ",", ".")} ${money.currency}`,
  rate: (basisPoints) => `${basisPoints / 100}%`,
  date: (at) => {
    const p = dateParts(at);
    return `${p.year}-${p.month}-${p.day}`;
  },
  dateTime: (at) => {
    const p = dateParts(at);
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} (Paris time)`;
  },
  calendarDate: (isoDate) => isoDate,
  legalForm: (form, capital) =>
    form && capital
      ? `${form} with a share capital of ${english.money(capital)}`
      : form
        ? form
        : capital
          ? `Share capital: ${english.money(capital)}`
          : null,
  registrationLabel: (kind) => (kind === "siren" ? "SIREN" : kind === "siret" ? "SIRET" : "Registration number"),
  notProvided: "not provided",
  addressNotProvided: "Address: not provided",
  vatNumber: "VAT number",
  email: "Email",
  phone: "Phone",
  support: "Support",
  purchaseOrder: {
    title: (number) => `Purchase order ${number}`,
    subtitle: "Issued in the name of the vendor, sent by the marketplace",
    number: "Purchase order number",
    date: "Date",
    order: "Order",
    checkout: "Checkout",
    answerDueBy: "Vendor answer due by",
    answerDueSuffix: "48 hours after transmission",
    vendor: "Vendor (seller)",
    buyer: "Buyer",
    footer:
      "The card payment is authorized now and captured only when the vendor accepts the order. The invoice is issued by the vendor once the order is delivered.",
  },
  invoice: {
    title: (number) => `Invoice ${number}`,
    subtitle: (seller) => `Issued by ${seller}`,
    number: "Invoice number",
    issueDate: "Issue date",
    deliveryDate: "Delivery date",
    dueDate: "Due date",
    paidByCard: "Paid by card through the marketplace when the vendor accepted the order.",
    order: "Order",
    purchaseOrder: "Purchase order",
    seller: "Seller",
    buyer: "Buyer",
    latePayment: [
      "Late payment: penalties at three times the French legal interest rate are due from the day after the due date, without a reminder being necessary,",
      "plus a fixed indemnity of 40 EUR for recovery costs (Article L441-10 of the French Commercial Code). No discount for early payment.",
    ],
  },
  renewalInvoice: {
    subtitle: (seller) => `Subscription renewal, issued by ${seller}`,
    // WinAnsi (the standard PDF fonts) has no arrow: "from … to …", as French says "du … au …".
    servicePeriod: (firstDay, lastDay) => `Service period from ${firstDay} to ${lastDay}`,
    periodNumber: "Renewal period",
    subscription: "Subscription",
    payment: "Payment",
    paidByCard: (paidOn, paymentId) =>
      `Paid by card through the marketplace on ${paidOn} (automatic renewal payment ${paymentId}).`,
  },
  lines: {
    heading: "Products",
    plan: "plan",
    monthly: "monthly billing",
    yearly: "yearly billing",
    commitment: (months) => `${months}-month commitment`,
    noCommitment: "no commitment",
    trial: (days) => `${days}-day free trial, first charge at its end`,
    noTrial: "no free trial",
    quantity: (quantity, unit, total) => `Quantity ${quantity} x ${unit} = ${total} (excl. VAT)`,
  },
  totals: {
    heading: "Totals",
    subtotal: "Subtotal (excl. VAT)",
    vatOn: (rate, base) => `VAT ${rate} on ${base}`,
    vat: (rate) => `VAT ${rate}`,
    reverseCharge: "VAT reverse charge: VAT is due by the buyer.",
    outsideEu: "VAT not applicable: outside the scope of EU VAT.",
    total: "Total (incl. VAT)",
  },
};

const french: Wording = {
  // French groups thousands with a (no-break) space; WinAnsi prints it as a plain space.
  colon: " : ",
  money: (money) => `${amount(money, " ", ",")} ${money.currency === "EUR" ? "€" : money.currency}`,
  rate: (basisPoints) => `${String(basisPoints / 100).replace(".", ",")} %`,
  date: (at) => {
    const p = dateParts(at);
    return `${p.day}/${p.month}/${p.year}`;
  },
  dateTime: (at) => {
    const p = dateParts(at);
    return `${p.day}/${p.month}/${p.year} à ${p.hour}h${p.minute} (heure de Paris)`;
  },
  calendarDate: (isoDate) => isoDate.split("-").reverse().join("/"),
  legalForm: (form, capital) =>
    form && capital
      ? `${form} au capital de ${french.money(capital)}`
      : form
        ? form
        : capital
          ? `Capital social : ${french.money(capital)}`
          : null,
  registrationLabel: (kind) => (kind === "siren" ? "SIREN" : kind === "siret" ? "SIRET" : "N° d'immatriculation"),
  notProvided: "non communiqué",
  addressNotProvided: "Adresse : non communiquée",
  vatNumber: "N° de TVA intracommunautaire",
  email: "E-mail",
  phone: "Téléphone",
  support: "Support",
  purchaseOrder: {
    title: (number) => `Bon de commande ${number}`,
    subtitle: "Émis au nom du vendeur, transmis par la marketplace",
    number: "N° de bon de commande",
    date: "Date",
    order: "Commande",
    checkout: "Paiement",
    answerDueBy: "Réponse du vendeur au plus tard le",
    answerDueSuffix: "48 heures après la transmission",
    vendor: "Vendeur",
    buyer: "Acheteur",
    footer:
      "Le paiement par carte est autorisé dès maintenant et débité seulement quand le vendeur accepte la commande. La facture est émise par le vendeur une fois la commande livrée.",
  },
  invoice: {
    title: (number) => `Facture ${number}`,
    subtitle: (seller) => `Émise par ${seller}`,
    number: "N° de facture",
    issueDate: "Date d'émission",
    deliveryDate: "Date de livraison",
    dueDate: "Date d'échéance",
    paidByCard: "Réglée par carte via la marketplace à l'acceptation de la commande par le vendeur.",
    order: "Commande",
    purchaseOrder: "Bon de commande",
    seller: "Vendeur",
    buyer: "Acheteur",
    latePayment: [
      "En cas de retard de paiement, des pénalités au taux de trois fois le taux d'intérêt légal sont exigibles dès le lendemain de la date d'échéance, sans rappel préalable,",
      "ainsi qu'une indemnité forfaitaire pour frais de recouvrement de 40 € (article L441-10 du Code de commerce). Pas d'escompte pour paiement anticipé.",
    ],
  },
  renewalInvoice: {
    subtitle: (seller) => `Renouvellement d'abonnement, émise par ${seller}`,
    servicePeriod: (firstDay, lastDay) => `Période de service du ${firstDay} au ${lastDay}`,
    periodNumber: "Période de renouvellement",
    subscription: "Abonnement",
    payment: "Paiement",
    paidByCard: (paidOn, paymentId) =>
      `Réglée par carte via la marketplace le ${paidOn} (paiement de renouvellement automatique ${paymentId}).`,
  },
  lines: {
    heading: "Produits",
    plan: "offre",
    monthly: "facturation mensuelle",
    yearly: "facturation annuelle",
    commitment: (months) => `engagement de ${months} mois`,
    noCommitment: "sans engagement",
    trial: (days) => `essai gratuit de ${days} jours, premier prélèvement à son terme`,
    noTrial: "sans essai gratuit",
    quantity: (quantity, unit, total) => `Quantité ${quantity} x ${unit} = ${total} HT`,
  },
  totals: {
    heading: "Totaux",
    subtotal: "Total HT",
    vatOn: (rate, base) => `TVA ${rate} sur ${base}`,
    vat: (rate) => `TVA ${rate}`,
    reverseCharge: "Autoliquidation : la TVA est due par l'acheteur.",
    outsideEu: "TVA non applicable : hors du champ de la TVA de l'Union européenne.",
    total: "Total TTC",
  },
};

const WORDING: Record<DocumentLocale, Wording> = { en: english, fr: french };

/** The wording of a document for its buyer's language. */
export function wordingFor(locale: DocumentLocale): Wording {
  return WORDING[locale];
}
