import type { Request, RequestHandler } from "express";
import type { AnyEndpoint } from "@mkt/contracts";
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
  /**
   * The endpoints this credential guards. A request matching none of them (method and path) is not
   * asked for a credential: it goes on to the app's 404, so a typo in a path reads as "no such
   * route", not as an authentication problem. Without it, every request past this point needs one.
   */
  endpoints?: readonly AnyEndpoint[];
}

/**
 * Whether a request (method, path relative to the router) is one of the endpoints, matched as
 * express matches them: case-insensitive, a trailing slash allowed, HEAD served by GET. Contract
 * paths are plain segments and `:params` only (`defineEndpoint` refuses anything else).
 */
export function endpointMatcher(endpoints: readonly AnyEndpoint[]): (method: string, path: string) => boolean {
  const routes = endpoints.map((endpoint) => ({
    method: endpoint.method.toUpperCase(),
    pattern: new RegExp(
      `^${endpoint.path
        .split("/")
        .map((segment) => (segment.startsWith(":") ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
        .join("/")}/?$`,
      "i",
    ),
  }));
  return (method, path) => {
    const wanted = method.toUpperCase() === "HEAD" ? ["HEAD", "GET"] : [method.toUpperCase()];
    return routes.some((route) => wanted.includes(route.method) && route.pattern.test(path));
  };
}

/**
 * Express middleware: reads `Authorization: Bearer <credential>`, resolves it with `verify` and
 * records the caller for `authOf(req)`. No or a bad credential → 401 problem+json (with
 * `WWW-Authenticate`), a role not allowed here → 403. With `endpoints`, an unknown route is left to the 404.
 */
export function authenticate(options: AuthenticateOptions): RequestHandler {
  const guards = options.endpoints ? endpointMatcher(options.endpoints) : () => true;
  return async (req, res, next) => {
    if (!guards(req.method, req.path)) return next();
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
