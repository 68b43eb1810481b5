import { ConflictError, ForbiddenError } from "@mkt/service-kit";

// vendor-api's refusals (WIRE FORMAT: problem slugs clients switch on; renaming one breaks callers).

/** 409 `email-taken`: a vendor user has this email; `detail` says what to do instead. */
export const emailTaken = (detail = "A vendor user with this email already exists.") =>
  new ConflictError("email-taken", detail);

/** 409 `application-incomplete`: the user exists but its application was never recorded. */
export const applicationIncomplete = () =>
  new ConflictError(
    "application-incomplete",
    "The application was not recorded yet and cannot be finished from here: apply again with another email, or contact support.",
  );

/** 409 `last-owner`: the change would leave the vendor without an active owner. */
export class LastOwner extends ConflictError {
  constructor() {
    super("last-owner", "This is the vendor's last active owner: make another user owner first, then change this one.");
  }
}

/** 403: an API key asked for what only a signed-in person may do; `detail` says who may. */
export const notWithApiKey = (detail: string) => new ForbiddenError(detail);

/** 403: the caller is not one of the vendor's active owners or admins. */
export const notAManager = () => new ForbiddenError("Only the vendor's owners and admins manage its users.");

/** 403: only an owner makes, or changes, an owner. */
export const ownersOnly = (detail: string) => new ForbiddenError(detail);
