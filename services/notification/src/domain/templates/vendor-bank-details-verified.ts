import { formatDate } from "../locale.js";
import { composeEmail, type Template } from "./email.js";
import { maskedIban, type MaskedBankAccountFacts } from "./vendor-bank-details-changed.js";

export interface VendorBankDetailsVerifiedFacts extends MaskedBankAccountFacts {
  legalName: string;
  /** ISO 8601 */
  verifiedAt: string;
}

/**
 * To a vendor whose changed bank details an operator verified: the hold is lifted, payouts go to
 * this account (masked). Sent only when a verification lifts a hold (see notification-rules.ts).
 */
export const vendorBankDetailsVerified: Template<VendorBankDetailsVerifiedFacts> = (facts, locale, context) => {
  const day = formatDate(facts.verifiedAt, locale);
  const account = maskedIban(facts.ibanLast4);
  if (locale === "fr") {
    return composeEmail(locale, `Coordonnées bancaires vérifiées, paiements repris : ${facts.legalName}`, [
      { paragraph: "Bonjour," },
      {
        paragraph: `Le ${day}, notre équipe a vérifié les nouvelles coordonnées bancaires de ${facts.legalName}. Vos paiements reprennent et sont versés sur ce compte :`,
      },
      {
        list: [
          ["IBAN", account],
          ["Titulaire", facts.holderName],
        ],
      },
      { paragraph: `Une question ? Écrivez-nous à ${context.supportEmail}.` },
      { paragraph: "L'équipe de la marketplace" },
    ]);
  }
  return composeEmail(locale, `Bank details verified, payouts resumed: ${facts.legalName}`, [
    { paragraph: "Hello," },
    {
      paragraph: `On ${day}, our team verified the new bank details of ${facts.legalName}. Payouts resume and are paid into this account:`,
    },
    {
      list: [
        ["IBAN", account],
        ["Holder", facts.holderName],
      ],
    },
    { paragraph: `A question? Write to us at ${context.supportEmail}.` },
    { paragraph: "The marketplace team" },
  ]);
};
