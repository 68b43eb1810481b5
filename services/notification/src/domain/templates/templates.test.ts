import { LOCALES, type Locale } from "../locale.js";
import { escapeHtml } from "./email.js";
import { renderEmail, TEMPLATE_NAMES, type EmailContent, type MailContext, type TemplateFacts, type TemplateName } from "./index.js";

const context: MailContext = { supportEmail: "support@marketplace.example", vendorApiUrl: "https://marketplace.example/vendor/v1" };
const contact = { email: "ventes@nuage.example", phone: "+33 1 84 00 00 00", supportUrl: "https://support.nuage.example" };

/** One example per template: the type makes a new template fail to compile until it has one. */
const examples: { [N in TemplateName]: TemplateFacts[N] } = {
  "vendor-application-received": { legalName: "Nuage & Fils <SAS>", contact, submittedAt: "2026-11-24T23:30:00.000Z" },
  "vendor-approved": { legalName: "Nuage & Fils <SAS>", contact, approvedAt: "2026-03-01T08:00:00.000Z" },
  "buyer-welcome": { name: "Nuage & Fils <SAS>", kind: "company", email: "achats@nuage.example" },
};

/** What each template must say, per language: the facts a person needs. */
const expectations: { [N in TemplateName]: Record<Locale, { subject: string; says: string[] }> } = {
  "vendor-application-received": {
    // 23:30 UTC on the 24th is already the 25th in Paris: dates are the marketplace's.
    fr: { subject: "Nous avons bien reçu votre candidature : Nuage & Fils <SAS>", says: ["25 novembre 2026", "Kbis", "support@marketplace.example"] },
    en: { subject: "We received your application: Nuage & Fils <SAS>", says: ["25 November 2026", "Kbis", "support@marketplace.example"] },
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
  "buyer-welcome": {
    // A company has 7 days to withdraw (an individual 14).
    fr: { subject: "Bienvenue sur la marketplace, Nuage & Fils <SAS>", says: ["achats@nuage.example", "Open Trusted Cloud", "48 heures", "Mes achats", "7 jours", "support@marketplace.example"] },
    en: { subject: "Welcome to the marketplace, Nuage & Fils <SAS>", says: ["achats@nuage.example", "Open Trusted Cloud", "48 hours", "My purchases", "7 days", "support@marketplace.example"] },
  },
};

/** Vendors' emails also show the contact details the vendor gave. */
const contactFacts = (template: TemplateName) => (template.startsWith("vendor-") ? [contact.email, contact.phone, contact.supportUrl] : []);

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

  it("escapes what the vendor typed, so it cannot inject markup", () => {
    expect(email.html).not.toContain("<SAS>");
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
