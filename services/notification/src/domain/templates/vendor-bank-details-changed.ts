import { formatDate } from "../locale.js";
import { composeEmail, type Template } from "./email.js";

/**
 * A bank account as emails show it. NEVER the full IBAN: only its last 4 characters (the
 * contracts' `ibanLast4`), so an email read by the wrong person gives nothing away.
 */
export interface MaskedBankAccountFacts {
  holderName: string;
  ibanLast4: string;
}

export interface VendorBankDetailsChangedFacts extends MaskedBankAccountFacts {
  legalName: string;
  /** ISO 8601 */
  changedAt: string;
}

export function maskedIban(ibanLast4: string): string {
  return `•••• ${ibanLast4}`;
}

/**
 * To an approved vendor whose bank details changed: which account (masked), that payouts are on
 * hold until an operator verifies it, and to call support at once if it did not make the change
 * (the change of a payee account is what a fraudster would do).
 */
export const vendorBankDetailsChanged: Template<VendorBankDetailsChangedFacts> = (facts, locale, context) => {
  const day = formatDate(facts.changedAt, locale);
  const account = maskedIban(facts.ibanLast4);
  if (locale === "fr") {
    return composeEmail(locale, `Coordonnées bancaires modifiées, paiements suspendus : ${facts.legalName}`, [
      { paragraph: "Bonjour," },
      {
        paragraph: `Le ${day}, les coordonnées bancaires de ${facts.legalName} ont été modifiées. Le nouveau compte :`,
      },
      {
        list: [
          ["IBAN", account],
          ["Titulaire", facts.holderName],
        ],
      },
      {
        paragraph:
          "Par sécurité, vos paiements sont suspendus jusqu'à ce que notre équipe ait vérifié ce compte. Nous vous écrirons dès que ce sera fait.",
      },
      {
        paragraph: `Vous n'êtes pas à l'origine de ce changement ? Écrivez-nous sans attendre à ${context.supportEmail}.`,
      },
      { paragraph: "L'équipe de la marketplace" },
    ]);
  }
  return composeEmail(locale, `Bank details changed, payouts on hold: ${facts.legalName}`, [
    { paragraph: "Hello," },
    { paragraph: `On ${day}, the bank details of ${facts.legalName} were changed. The new account:` },
    {
      list: [
        ["IBAN", account],
        ["Holder", facts.holderName],
      ],
    },
    {
      paragraph:
        "For your security, payouts are on hold until our team has verified this account. We will write to you as soon as it is done.",
    },
    { paragraph: `If you did not make this change, write to us at once at ${context.supportEmail}.` },
    { paragraph: "The marketplace team" },
  ]);
};
