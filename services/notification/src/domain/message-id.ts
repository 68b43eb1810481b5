/**
 * The Message-ID of a notification's email: derived from its id, so every attempt (and a resend
 * after a crash between the SMTP server's acceptance and our marking it sent) carries the same
 * one, which lets receiving systems and mail clients recognise the duplicate. The domain is the
 * sender's (RFC 5322 wants a domain the sender controls).
 */
export function messageIdFor(notificationId: string, from: string): string {
  const domain = /@([^\s<>@]+)>?\s*$/.exec(from)?.[1] ?? "marketplace.localhost";
  return `<${notificationId}@${domain}>`;
}
