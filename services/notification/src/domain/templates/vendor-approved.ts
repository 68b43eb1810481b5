import { formatDate } from "../locale.js";
import { webUrl } from "../web-routes.js";
import { composeEmail, contactLines, type ContactFacts, type Template } from "./email.js";

export interface VendorApprovedFacts {
  legalName: string;
  contact: ContactFacts;
  /** ISO 8601 */
  approvedAt: string;
}

/**
 * To a vendor whose KYC an operator approved: it can now publish listings (and where), the
 * contact details buyers will see, and who to ask.
 */
export const vendorApproved: Template<VendorApprovedFacts> = (facts, locale, context) => {
  const day = formatDate(facts.approvedAt, locale);
  if (locale === "fr") {
    return composeEmail(locale, `Votre compte vendeur est approuvé : ${facts.legalName}`, [
      { paragraph: "Bonjour," },
      {
        paragraph: `Bonne nouvelle : ${facts.legalName} est approuvé comme vendeur sur la marketplace depuis le ${day}.`,
      },
      {
        paragraph:
          "Vous pouvez dès maintenant publier vos offres (solutions SaaS et PaaS et leurs plans) et recevoir vos paiements.",
      },
      {
        link: [
          "Publiez vos offres depuis votre espace vendeur :",
          webUrl(context.vendorPortalUrl, "vendorPortal", "listings"),
        ],
      },
      { paragraph: "Les acheteurs verront ces coordonnées sur vos offres et dans leurs confirmations de commande :" },
      { list: contactLines(facts.contact, locale) },
      { paragraph: `Besoin d'aide ? Notre support vous répond à ${context.supportEmail}.` },
      { paragraph: "L'équipe de la marketplace" },
    ]);
  }
  return composeEmail(locale, `Your vendor account is approved: ${facts.legalName}`, [
    { paragraph: "Hello," },
    { paragraph: `Good news: ${facts.legalName} has been approved as a vendor on the marketplace since ${day}.` },
    { paragraph: "You can now publish your listings (SaaS and PaaS solutions and their plans) and receive payouts." },
    {
      link: [
        "Publish your listings from your vendor portal:",
        webUrl(context.vendorPortalUrl, "vendorPortal", "listings"),
      ],
    },
    { paragraph: "Buyers will see these contact details on your listings and in their order confirmations:" },
    { list: contactLines(facts.contact, locale) },
    { paragraph: `Need help? Our support team answers at ${context.supportEmail}.` },
    { paragraph: "The marketplace team" },
  ]);
};
