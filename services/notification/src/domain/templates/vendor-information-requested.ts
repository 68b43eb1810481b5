import { formatDate } from "../locale.js";
import { webUrl } from "../web-routes.js";
import { composeEmail, contactLines, type ContactFacts, type Template } from "./email.js";

export interface VendorInformationRequestedFacts {
  legalName: string;
  contact: ContactFacts;
  /** The operator's message, as written (shown quoted, line breaks kept). */
  message: string;
  /** ISO 8601 */
  requestedAt: string;
}

/**
 * To an applicant an operator asked for more before deciding: the operator's message, that the
 * application is open again for changes and must be submitted again, the contact details it gave
 * (which it can correct now) and who to ask.
 */
export const vendorInformationRequested: Template<VendorInformationRequestedFacts> = (facts, locale, context) => {
  const day = formatDate(facts.requestedAt, locale);
  if (locale === "fr") {
    return composeEmail(locale, `Des informations sont nécessaires pour votre candidature : ${facts.legalName}`, [
      { paragraph: "Bonjour," },
      { paragraph: `Le ${day}, en examinant la candidature de ${facts.legalName}, notre équipe vous a demandé :` },
      { quote: facts.message },
      {
        paragraph:
          "Votre candidature est de nouveau ouverte : complétez ou corrigez vos informations et vos documents, puis soumettez-la à nouveau. " +
          "Nous reprendrons la vérification dès qu'elle nous sera soumise.",
      },
      { link: ["Votre candidature :", webUrl(context.vendorPortalUrl, "vendorPortal", "kyc")] },
      { paragraph: "Les coordonnées que vous nous avez données, que vous pouvez aussi corriger :" },
      { list: contactLines(facts.contact, locale) },
      { paragraph: `Une question ? Écrivez-nous à ${context.supportEmail}.` },
      { paragraph: "L'équipe de la marketplace" },
    ]);
  }
  return composeEmail(locale, `More information is needed for your application: ${facts.legalName}`, [
    { paragraph: "Hello," },
    { paragraph: `On ${day}, while reviewing ${facts.legalName}'s application, our team asked:` },
    { quote: facts.message },
    {
      paragraph:
        "Your application is open again: complete or correct your details and documents, then submit it again. " +
        "We will resume the review as soon as it is submitted.",
    },
    { link: ["Your application:", webUrl(context.vendorPortalUrl, "vendorPortal", "kyc")] },
    { paragraph: "The contact details you gave us, which you can also correct:" },
    { list: contactLines(facts.contact, locale) },
    { paragraph: `A question? Write to us at ${context.supportEmail}.` },
    { paragraph: "The marketplace team" },
  ]);
};
