import { LOCALES, type Locale } from "../locale.js";
import { escapeHtml } from "./email.js";
import { renderEmail, TEMPLATE_NAMES, type EmailContent, type MailContext, type TemplateFacts, type TemplateName } from "./index.js";

const context: MailContext = { supportEmail: "support@marketplace.example", vendorApiUrl: "https://marketplace.example/vendor/v1" };
const contact = { email: "ventes@nuage.example", phone: "+33 1 84 00 00 00", supportUrl: "https://support.nuage.example" };

/** One example per template: the type makes a new template fail to compile until it has one. */
const examples: { [N in TemplateName]: TemplateFacts[N] } = {
  "vendor-application-received": { legalName: "Nuage & Fils <SAS>", contact, submittedAt: "2026-11-24T23:30:00.000Z" },
  "vendor-approved": { legalName: "Nuage & Fils <SAS>", contact, approvedAt: "2026-03-01T08:00:00.000Z" },
  // What operators type reaches the email as written, escaped in HTML.
  "vendor-rejected": { legalName: "Nuage & Fils <SAS>", reason: "Kbis > 3 mois & <illisible>", rejectedAt: "2026-03-01T08:00:00.000Z" },
  "vendor-information-requested": { legalName: "Nuage & Fils <SAS>", contact, message: "Statuts <signés> & Kbis récent", requestedAt: "2026-03-01T08:00:00.000Z" },
  "vendor-bank-details-changed": { legalName: "Nuage & Fils <SAS>", holderName: "Nuage & Fils <SAS>", ibanLast4: "0189", changedAt: "2026-03-01T08:00:00.000Z" },
  "vendor-bank-details-verified": { legalName: "Nuage & Fils <SAS>", holderName: "Nuage & Fils <SAS>", ibanLast4: "0189", verifiedAt: "2026-03-01T08:00:00.000Z" },
  "buyer-welcome": { name: "Nuage & Fils <SAS>", kind: "company", email: "achats@nuage.example" },
};

/** What each template must say, per language: the facts a person needs. */
const expectations: { [N in TemplateName]: Record<Locale, { subject: string; says: string[] }> } = {
  "vendor-application-received": {
    // 23:30 UTC on the 24th is already the 25th in Paris: dates are the marketplace's.
    fr: { subject: "Votre candidature a été soumise pour vérification : Nuage & Fils <SAS>", says: ["25 novembre 2026", "soumise pour vérification", "Kbis", "support@marketplace.example"] },
    en: { subject: "Your application was submitted for review: Nuage & Fils <SAS>", says: ["25 November 2026", "submitted for review", "Kbis", "support@marketplace.example"] },
  },
  "vendor-approved": {
    fr: {
      subject: "Votre compte vendeur est approuvé : Nuage & Fils <SAS>",
      says: ["1 mars 2026", "publier vos offres", "https://marketplace.example/vendor/v1", "support@marketplace.example"],
    },
    en: {
      subject: "Your vendor account is approved: Nuage & Fils <SAS>",
      says: ["1 March 2026", "publish your listings", "https://marketplace.example/vendor/v1", "support@marketplace.example"],
    },
  },
  "vendor-rejected": {
    fr: { subject: "Votre candidature n'a pas été retenue : Nuage & Fils <SAS>", says: ["1 mars 2026", "Kbis > 3 mois & <illisible>", "définitive", "support@marketplace.example"] },
    en: { subject: "Your application was not accepted: Nuage & Fils <SAS>", says: ["1 March 2026", "Kbis > 3 mois & <illisible>", "final", "support@marketplace.example"] },
  },
  "vendor-information-requested": {
    fr: {
      subject: "Des informations sont nécessaires pour votre candidature : Nuage & Fils <SAS>",
      says: ["1 mars 2026", "Statuts <signés> & Kbis récent", "de nouveau ouverte", "soumettez-la à nouveau", "support@marketplace.example"],
    },
    en: {
      subject: "More information is needed for your application: Nuage & Fils <SAS>",
      says: ["1 March 2026", "Statuts <signés> & Kbis récent", "open again", "submit it again", "support@marketplace.example"],
    },
  },
  "vendor-bank-details-changed": {
    fr: { subject: "Coordonnées bancaires modifiées, paiements suspendus : Nuage & Fils <SAS>", says: ["1 mars 2026", "•••• 0189", "suspendus jusqu'à", "support@marketplace.example"] },
    en: { subject: "Bank details changed, payouts on hold: Nuage & Fils <SAS>", says: ["1 March 2026", "•••• 0189", "on hold until", "support@marketplace.example"] },
  },
  "vendor-bank-details-verified": {
    fr: { subject: "Coordonnées bancaires vérifiées, paiements repris : Nuage & Fils <SAS>", says: ["1 mars 2026", "•••• 0189", "reprennent", "support@marketplace.example"] },
    en: { subject: "Bank details verified, payouts resumed: Nuage & Fils <SAS>", says: ["1 March 2026", "•••• 0189", "resume", "support@marketplace.example"] },
  },
  "buyer-welcome": {
    // A company has 7 days to withdraw (an individual 14).
    fr: { subject: "Bienvenue sur la marketplace, Nuage & Fils <SAS>", says: ["achats@nuage.example", "Open Trusted Cloud", "48 heures", "Mes achats", "7 jours", "support@marketplace.example"] },
    en: { subject: "Welcome to the marketplace, Nuage & Fils <SAS>", says: ["achats@nuage.example", "Open Trusted Cloud", "48 hours", "My purchases", "7 days", "support@marketplace.example"] },
  },
};

/**
 * The vendor emails about its application or its listing also show the contact details it gave
 * (to check, or correct while it still can); a decision or a bank-details email does not.
 */
const showsContact = new Set<TemplateName>(["vendor-application-received", "vendor-approved", "vendor-information-requested"]);
const contactFacts = (template: TemplateName) => (showsContact.has(template) ? [contact.email, contact.phone, contact.supportUrl] : []);

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
    const other = locale === "fr" ? /\b(Hello|The marketplace team|Our|your)\b/ : /\b(Bonjour|L'équipe|Nous|votre|vos)\b/;
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
      { template: "vendor-approved", facts: { ...examples["vendor-approved"], contact: { email: contact.email, phone: contact.phone } } },
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

describe("an operator's reason or message", () => {
  it("keeps its line breaks: quoted in the text, <br> in the HTML", () => {
    const message = "1. Le Kbis a plus de 3 mois.\n2. Il manque les statuts signés.";
    const email = renderEmail({ template: "vendor-information-requested", facts: { ...examples["vendor-information-requested"], message } }, "fr", context);
    expect(email.text).toContain("> 1. Le Kbis a plus de 3 mois.\n> 2. Il manque les statuts signés.");
    expect(email.html).toContain("<blockquote><p>1. Le Kbis a plus de 3 mois.<br>2. Il manque les statuts signés.</p></blockquote>");
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
