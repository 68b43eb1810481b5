import { toFieldIssues, type FieldIssue } from "@mkt/contracts";
import type { z } from "zod";

/**
 * RFC 9457 problem details: the one error shape of every API. `type` is a stable, relative URI a
 * client can switch on; `errors[]` names each invalid field.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldIssue[];
  [extension: string]: unknown;
}

export const problemType = (slug: string): string => `/problems/${slug}`;

/** RFC 9457's own members: an extension must not reuse their names. */
const RESERVED_MEMBERS = new Set(["type", "title", "status", "detail", "instance", "errors"]);

/**
 * A domain error is a typed value that the HTTP layer maps to problem+json in one place. Use
 * cases throw subclasses; nobody parses error message strings.
 */
export class DomainError extends Error {
  readonly slug: string;
  readonly status: number;
  readonly title: string;
  readonly errors?: FieldIssue[];
  readonly extensions: Record<string, unknown>;

  constructor(options: {
    slug: string;
    status: number;
    title: string;
    detail?: string;
    errors?: FieldIssue[];
    extensions?: Record<string, unknown>;
  }) {
    super(options.detail ?? options.title);
    const clash = Object.keys(options.extensions ?? {}).filter((key) => RESERVED_MEMBERS.has(key));
    // A programmer's mistake, caught by the first test that raises it: the member would be lost.
    if (clash.length > 0)
      throw new TypeError(
        `problem extension ${clash.join(", ")} would be overwritten by the problem's own member (rename it, e.g. applicationStatus)`,
      );
    this.name = new.target.name;
    this.slug = options.slug;
    this.status = options.status;
    this.title = options.title;
    this.errors = options.errors;
    this.extensions = options.extensions ?? {};
  }

  toProblem(): Problem {
    return {
      ...this.extensions,
      type: problemType(this.slug),
      title: this.title,
      status: this.status,
      ...(this.message !== this.title ? { detail: this.message } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

export class ValidationError extends DomainError {
  constructor(errors: FieldIssue[], detail = "The request is not valid.") {
    super({ slug: "validation", status: 400, title: "Invalid request", detail, errors });
  }

  static fromZod(error: z.ZodError, prefix: PropertyKey[] = []): ValidationError {
    return new ValidationError(toFieldIssues(error, prefix));
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id?: string) {
    super({
      slug: "not-found",
      status: 404,
      title: "Not found",
      detail: id ? `${what} ${id} does not exist.` : `${what} does not exist.`,
    });
  }
}

export class ConflictError extends DomainError {
  constructor(slug: string, detail: string, extensions?: Record<string, unknown>) {
    super({ slug, status: 409, title: "Conflict with the current state", detail, extensions });
  }
}

export class UnauthorizedError extends DomainError {
  constructor(detail = "Authentication is required.") {
    super({ slug: "unauthorized", status: 401, title: "Unauthorized", detail });
  }
}

export class ForbiddenError extends DomainError {
  constructor(detail = "You are not allowed to do this.") {
    super({ slug: "forbidden", status: 403, title: "Forbidden", detail });
  }
}

/** Parses input with a contract schema; a failure becomes a 400 naming each bad field. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  where?: "body" | "query" | "params",
): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw ValidationError.fromZod(result.error, where && where !== "body" ? [where] : []);
  return result.data;
}
