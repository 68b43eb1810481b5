import { ConflictError } from "@mkt/service-kit";

// The storefront's own refusals (WIRE FORMAT: problem slugs clients switch on); the services'
// problems it relays keep their slugs.

/** 409 `email-taken`: a buyer account has this email (emails are compared case-insensitively). */
export const emailTaken = () => new ConflictError("email-taken", "An account with this email already exists.");
