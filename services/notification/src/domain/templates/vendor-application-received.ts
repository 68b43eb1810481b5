import { formatDate } from "../locale.js";
import { composeEmail, contactLines, type ContactFacts, type Template } from "./email.js";

export interface VendorApplicationReceivedFacts {
  legalName: string;
  contact: ContactFacts;
  /** ISO 8601 */
  submittedAt: string;
}

/**
 * To a company that submitted its KYC file to sell, the first time or again after an operator
 * asked for more (vendor.application-submitted is emitted at each submission): it is submitted
 * for review, what the review checks, the contact details it gave (to catch a typo before buyers
 * see them) and who to ask. STORED NAME `vendor-application-received`, kept though it now says
 * "submitted".
 */
export const vendorApplicationReceived: Template<VendorApplicationReceivedFacts> = (facts, locale, context) => {
  const day = formatDate(facts.submittedAt, locale);
  if (locale === "fr") {
    return composeEmail(locale, `Votre candidature a été soumise pour vérification : ${facts.legalName}`, [
      { paragraph: "Bonjour," },
      {
        paragraph:
          `Le ${day}, la candidature de ${facts.legalName} pour vendre sur la marketplace a été soumise pour vérification. ` +
          "Si vous l'avez complétée à notre demande, c'est cette nouvelle version que nous vérifions.",
      },
      {
        paragraph:
          "Notre équipe vérifie maintenant votre dossier (KYC) : pièce d'identité de chaque représentant légal, extrait Kbis de moins de 3 mois, " +
          "RIB professionnel au nom de la société, statuts et bénéficiaires effectifs. Nous vous écrirons à cette adresse dès que la vérification " +
          "sera terminée, ou s'il manque un document.",
      },
      { paragraph: "Les coordonnées que vous nous avez données, qui seront affichées aux acheteurs :" },
      { list: contactLines(facts.contact, locale) },
      { paragraph: `Une question, ou une coordonnée à corriger ? Écrivez-nous à ${context.supportEmail}.` },
      { paragraph: "L'équipe de la marketplace" },
    ]);
  }
  return composeEmail(locale, `Your application was submitted for review: ${facts.legalName}`, [
    { paragraph: "Hello," },
    {
      paragraph:
        `On ${day}, ${facts.legalName}'s application to sell on the marketplace was submitted for review. ` +
        "If you completed it at our request, this new version is the one we review.",
    },
    {
      paragraph:
        "Our team is now reviewing your file (KYC): an identity document for each legal representative, a company registry extract " +
        "(Kbis) less than 3 months old, bank details in the company's name, the statutes and the beneficial owners. We will write to " +
        "you at this address as soon as the review is complete, or if a document is missing.",
    },
    { paragraph: "The contact details you gave us, which buyers will see:" },
    { list: contactLines(facts.contact, locale) },
    { paragraph: `A question, or a detail to correct? Write to us at ${context.supportEmail}.` },
    { paragraph: "The marketplace team" },
  ]);
};
