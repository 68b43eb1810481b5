import type { Request, RequestHandler } from "express";
import { DomainError, ForbiddenError } from "@mkt/service-kit";
import type { Role } from "./tokens.js";

/** Who is calling, once `authenticate` let the request through. */
export interface AuthContext {
  /** The account id: buyer, vendor user or operator. */
  subject: string;
  role: Role;
  vendorId?: string;
  /** How the caller proved it: an access token, or an API key (vendor-api). */
  via: "token" | "api-key";
  apiKeyId?: string;
}

/** 401 with `WWW-Authenticate: Bearer`; one generic message, whatever was wrong with the credential. */
export class AuthenticationRequired extends DomainError {
  constructor(detail = "A valid bearer token is required.") {
    super({ slug: "unauthorized", status: 401, title: "Unauthorized", detail });
  }
}

const contexts = new WeakMap<Request, AuthContext>();

/** The caller of a request that went through `authenticate`; a 401 when it did not (a wiring mistake fails closed). */
export function authOf(req: Request): AuthContext {
  const auth = contexts.get(req);
  if (!auth) throw new AuthenticationRequired();
  return auth;
}

export interface AuthenticateOptions {
  /** Resolves a bearer credential (a JWT, or an API key) to its caller; undefined when it is not valid. */
  verify: (credential: string, req: Request) => Promise<AuthContext | undefined>;
  /** Roles allowed past this point; another role gets a 403. Default: any role `verify` accepts. */
  roles?: readonly Role[];
}

/**
 * Express middleware: reads `Authorization: Bearer <credential>`, resolves it with `verify` and
 * records the caller for `authOf(req)`. No or a bad credential → 401 problem+json (with
 * `WWW-Authenticate`), a role not allowed here → 403.
 */
export function authenticate(options: AuthenticateOptions): RequestHandler {
  return async (req, res, next) => {
    const header = req.get("authorization") ?? "";
    const match = /^Bearer[ ]+([^ ]{1,4096})$/i.exec(header.trim());
    const auth = match ? await options.verify(match[1]!, req) : undefined;
    if (!auth) {
      res.set("WWW-Authenticate", 'Bearer realm="mkt"');
      return next(new AuthenticationRequired());
    }
    if (options.roles && !options.roles.includes(auth.role)) return next(new ForbiddenError());
    contexts.set(req, auth);
    next();
  };
}
