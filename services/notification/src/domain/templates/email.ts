import type { Locale } from "../locale.js";

/** What a template produces: a complete email, in one language. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** Facts about the marketplace itself that emails mention (from the service's settings). */
export interface MailContext {
  /** Where people write with questions, e.g. support@marketplace.example. */
  supportEmail: string;
  /** The storefront web application, where buyers follow their purchases (routes: ../web-routes.ts). */
  storefrontWebUrl: string;
  /** The vendor portal, where vendors' users manage listings, orders, KYC and bank details. */
  vendorPortalUrl: string;
  /** The back office web application, where operators handle orders. */
  backofficeWebUrl: string;
}

export type Template<Facts> = (facts: Facts, locale: Locale, context: MailContext) => RenderedEmail;

/** A vendor's contact details as given at application (and shown to buyers once approved). */
export interface ContactFacts {
  email: string;
  phone: string;
  supportUrl?: string;
}

/** Untrusted text (a legal name, a URL) placed in HTML. */
export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

/**
 * A block of an email, written once and shown both as plain text and as HTML. A `quote` is text
 * someone else wrote (an operator's reason or message): its line breaks are kept.
 */
export type Block =
  | { paragraph: string }
  | { list: [label: string, value: string][] }
  | { link: [label: string, url: string] }
  | { quote: string };

/** Builds the text and HTML bodies from the same blocks, so the two never say different things. */
export function composeEmail(locale: Locale, subject: string, blocks: Block[]): RenderedEmail {
  // French puts a space before a colon; English does not.
  const colon = locale === "fr" ? "\u00a0: " : ": ";
  const text = blocks
    .map((block) => {
      if ("paragraph" in block) return block.paragraph;
      if ("list" in block) return block.list.map(([label, value]) => `- ${label}${colon}${value}`).join("\n");
      if ("quote" in block)
        return block.quote
          .split(/\r?\n/)
          .map((line) => `> ${line}`.trimEnd())
          .join("\n");
      return `${block.link[0]} ${block.link[1]}`;
    })
    .join("\n\n");
  const body = blocks
    .map((block) => {
      if ("paragraph" in block) return `<p>${escapeHtml(block.paragraph)}</p>`;
      if ("list" in block) {
        const items = block.list.map(([label, value]) => `<li>${escapeHtml(label)}${colon}${escapeHtml(value)}</li>`);
        return `<ul>${items.join("")}</ul>`;
      }
      if ("quote" in block)
        return `<blockquote><p>${block.quote.split(/\r?\n/).map(escapeHtml).join("<br>")}</p></blockquote>`;
      const [label, url] = block.link;
      return `<p>${escapeHtml(label)} <a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`;
    })
    .join("\n");
  const html = `<!doctype html>\n<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>\n<body>\n${body}\n</body></html>\n`;
  return { subject, text: `${text}\n`, html };
}

export function contactLines(contact: ContactFacts, locale: Locale): [string, string][] {
  const labels =
    locale === "fr"
      ? { email: "E-mail", phone: "Téléphone", support: "Support" }
      : { email: "Email", phone: "Phone", support: "Support" };
  return [
    [labels.email, contact.email],
    [labels.phone, contact.phone],
    ...(contact.supportUrl ? [[labels.support, contact.supportUrl] as [string, string]] : []),
  ];
}
