import { formatDate } from "../locale.js";
import { composeEmail, type Template } from "./email.js";

export interface VendorRejectedFacts {
  legalName: string;
  /** The operator's reason, as written (shown quoted, line breaks kept). */
  reason: string;
  /** ISO 8601 */
  rejectedAt: string;
}

/**
 * To a company whose KYC application an operator rejected: the decision, the reason the operator
 * gave, what it means (no listings, no payouts; final for this application) and who to ask.
 */
export const vendorRejected: Template<VendorRejectedFacts> = (facts, locale, context) => {
  const day = formatDate(facts.rejectedAt, locale);
  if (locale === "fr") {
    return composeEmail(locale, `Votre candidature n'a pas été retenue : ${facts.legalName}`, [
      { paragraph: "Bonjour," },
      {
        paragraph: `Le ${day}, notre équipe a examiné la candidature de ${facts.legalName} pour vendre sur la marketplace et ne l'a pas retenue, pour la raison suivante :`,
      },
      { quote: facts.reason },
      {
        paragraph:
          "Cette décision est définitive pour cette candidature : vous ne pouvez ni publier d'offres ni recevoir de paiements sur la marketplace.",
      },
      { paragraph: `Une question sur cette décision ? Écrivez-nous à ${context.supportEmail}.` },
      { paragraph: "L'équipe de la marketplace" },
    ]);
  }
  return composeEmail(locale, `Your application was not accepted: ${facts.legalName}`, [
    { paragraph: "Hello," },
    {
      paragraph: `On ${day}, our team reviewed ${facts.legalName}'s application to sell on the marketplace and did not accept it, for this reason:`,
    },
    { quote: facts.reason },
    {
      paragraph:
        "This decision is final for this application: you can neither publish listings nor receive payouts on the marketplace.",
    },
    { paragraph: `A question about this decision? Write to us at ${context.supportEmail}.` },
    { paragraph: "The marketplace team" },
  ]);
};
