import type { Locale } from "../locale.js";
import type { MailContext, RenderedEmail } from "./email.js";
import { vendorApplicationReceived, type VendorApplicationReceivedFacts } from "./vendor-application-received.js";
import { vendorApproved, type VendorApprovedFacts } from "./vendor-approved.js";
import { vendorRejected, type VendorRejectedFacts } from "./vendor-rejected.js";
import { vendorInformationRequested, type VendorInformationRequestedFacts } from "./vendor-information-requested.js";
import { vendorBankDetailsChanged, type VendorBankDetailsChangedFacts } from "./vendor-bank-details-changed.js";
import { vendorBankDetailsVerified, type VendorBankDetailsVerifiedFacts } from "./vendor-bank-details-verified.js";
import { buyerWelcome, type BuyerWelcomeFacts } from "./buyer-welcome.js";

export type { MailContext, RenderedEmail } from "./email.js";

/**
 * Every email the marketplace sends, by template name. STORED NAMES: a template's name is kept
 * on each notification row (and is part of its uniqueness), so renaming one needs a migration.
 */
export interface TemplateFacts {
  "vendor-application-received": VendorApplicationReceivedFacts;
  "vendor-approved": VendorApprovedFacts;
  "vendor-rejected": VendorRejectedFacts;
  "vendor-information-requested": VendorInformationRequestedFacts;
  "vendor-bank-details-changed": VendorBankDetailsChangedFacts;
  "vendor-bank-details-verified": VendorBankDetailsVerifiedFacts;
  "buyer-welcome": BuyerWelcomeFacts;
}
export type TemplateName = keyof TemplateFacts;

const templates: { [N in TemplateName]: (facts: TemplateFacts[N], locale: Locale, context: MailContext) => RenderedEmail } = {
  "vendor-application-received": vendorApplicationReceived,
  "vendor-approved": vendorApproved,
  "vendor-rejected": vendorRejected,
  "vendor-information-requested": vendorInformationRequested,
  "vendor-bank-details-changed": vendorBankDetailsChanged,
  "vendor-bank-details-verified": vendorBankDetailsVerified,
  "buyer-welcome": buyerWelcome,
};

export const TEMPLATE_NAMES = Object.keys(templates) as TemplateName[];

/** A template with its facts: what the rules decide, before the language is known. */
export type EmailContent = { [N in TemplateName]: { template: N; facts: TemplateFacts[N] } }[TemplateName];

export function renderEmail(content: EmailContent, locale: Locale, context: MailContext): RenderedEmail {
  const render = templates[content.template] as (facts: EmailContent["facts"], locale: Locale, context: MailContext) => RenderedEmail;
  return render(content.facts, locale, context);
}
