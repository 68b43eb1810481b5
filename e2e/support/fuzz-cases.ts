// The fuzz cases of a gateway, generated from its OpenAPI document: for every operation and every
// parameter it takes (path, query, header, each JSON body property however deep, each multipart
// field), one request per bad value, every other value valid. Pure: no I/O, no clock, no
// randomness, so a failing case can be found again by its name.

export type JsonSchema = Record<string, unknown>;

export interface OpenApiDocumentLike {
  servers: { url: string }[];
  paths: Record<string, Record<string, OpenApiOperationLike>>;
  components?: { schemas?: Record<string, JsonSchema>; parameters?: Record<string, JsonSchema> };
}

interface OpenApiOperationLike {
  operationId: string;
  parameters?: JsonSchema[];
  requestBody?: JsonSchema;
  security?: Record<string, string[]>[];
}

/** The values the fuzzer sends where a valid one is expected to fail. */
export type BadValue =
  | "nul" // U+0000: \u0000 in JSON, %00 in a URL, a 0x00 byte in a form
  | "lone-surrogate" // U+D800 alone: \ud800 in JSON, %ED%A0%80 in a URL, the bytes ED A0 80 in a form
  | "year-0000" // 0000-01-01: PostgreSQL has no year 0
  | "year-9999" // 9999-12-31: within ISO 8601, beyond any business date
  | "dot-dot" // a path segment `..`
  | "dot" // a path segment `.`
  | "encoded-slash" // %2F
  | "encoded-question-mark" // %3F
  | "encoded-hash" // %23
  | "raw-byte"; // the byte 0x80 itself in the URL or a header, not percent-encoded

export const BAD_VALUES: readonly BadValue[] = [
  "nul",
  "lone-surrogate",
  "year-0000",
  "year-9999",
  "dot-dot",
  "dot",
  "encoded-slash",
  "encoded-question-mark",
  "encoded-hash",
  "raw-byte",
];

/** Who sends the request: a security scheme of the document (`buyerToken`, `vendorApiKey`…) or nobody. */
export type Credential = string;
export const ANONYMOUS: Credential = "anonymous";

export interface FuzzCase {
  /** `getProductsById query.limit nul as buyerToken`: unique within a document. */
  name: string;
  operationId: string;
  method: string;
  /** The document's path template, e.g. `/products/{id}`. */
  route: string;
  /** Where the bad value is: `path.id`, `query.limit`, `header.Idempotency-Key`, `body.address.line1`, `form.kind`. */
  parameter: string;
  bad: BadValue;
  credential: Credential;
  /**
   * The request target as it goes on the wire, server URL path included (`/api/v1/products/%00`):
   * percent-encoded already, and for `raw-byte` holding the character U+0080, which Node's
   * http.request writes as the single byte 0x80.
   */
  target: string;
  headers: Record<string, string>;
  body?: { contentType: string; bytes: Buffer };
}

export interface FuzzOptions {
  /**
   * Valid values by name, used before anything the schema suggests: path parameters of existing
   * resources (`"/products/{id}": { id }` keyed by route, or by name for every route) and body
   * properties whose rules a schema cannot say (a SIREN, an IBAN).
   */
  values?: {
    byRoute?: Record<string, Record<string, string>>;
    byName?: Record<string, unknown>;
  };
  /** The credentials to send each case with, when the operation's security lists them; default: all listed, and anonymous. */
  credentials?: (securitySchemes: string[]) => Credential[];
}

const FORM_BOUNDARY = "fuzz-form-boundary-7d1c3b";
const MAX_DEPTH = 6;

export function generateFuzzCases(document: OpenApiDocumentLike, options: FuzzOptions = {}): FuzzCase[] {
  const resolver = new Resolver(document);
  const basePath = basePathOf(document.servers[0]?.url ?? "/");
  const cases: FuzzCase[] = [];

  for (const [route, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const schemes = (operation.security ?? []).flatMap((requirement) => Object.keys(requirement));
      const credentials = options.credentials?.(schemes) ?? [...schemes, ANONYMOUS];
      const request = new RequestShape(route, method, operation, resolver, options);

      for (const variation of request.variations()) {
        for (const credential of credentials) {
          const name = `${operation.operationId} ${variation.parameter} ${variation.bad} as ${credential}`;
          const built = request.build(variation, name);
          cases.push({
            name,
            operationId: operation.operationId,
            method: method.toUpperCase(),
            route,
            parameter: variation.parameter,
            bad: variation.bad,
            credential,
            target: `${basePath}${built.pathAndQuery}`,
            headers: built.headers,
            ...(built.body ? { body: built.body } : {}),
          });
        }
      }
    }
  }
  return cases;
}

/**
 * Fewer cases, the same coverage: every (operation, parameter, bad value) is kept once, sent with a
 * credential the operation accepts (they rotate), since an anonymous request to a guarded route
 * is refused before its values are read and so tests none of them; and every (operation,
 * credential) is kept at least once, anonymous included, to check each is refused or served.
 */
export function sampleFuzzCases(cases: readonly FuzzCase[]): FuzzCase[] {
  const groups = new Map<string, FuzzCase[]>();
  for (const c of cases) {
    const key = `${c.operationId} ${c.parameter} ${c.bad}`;
    const group = groups.get(key) ?? [];
    group.push(c);
    groups.set(key, group);
  }
  const kept: FuzzCase[] = [];
  const credentialsSeen = new Set<string>();
  const rotation = new Map<string, number>();
  for (const group of groups.values()) {
    const operationId = group[0]!.operationId;
    const authenticated = group.filter((c) => c.credential !== ANONYMOUS);
    const candidates = authenticated.length > 0 ? authenticated : group;
    const unseen = candidates.find((c) => !credentialsSeen.has(`${operationId} ${c.credential}`));
    const turn = rotation.get(operationId) ?? 0;
    const chosen = unseen ?? candidates[turn % candidates.length]!;
    rotation.set(operationId, turn + 1);
    credentialsSeen.add(`${operationId} ${chosen.credential}`);
    kept.push(chosen);
  }
  for (const c of cases) {
    if (credentialsSeen.has(`${c.operationId} ${c.credential}`)) continue;
    credentialsSeen.add(`${c.operationId} ${c.credential}`);
    kept.push(c);
  }
  return kept;
}

/** A parameter of a request, one bad value. */
interface Variation {
  parameter: string;
  bad: BadValue;
  location: "path" | "query" | "header" | "body" | "form";
  name: string;
  /** For body: the pointer into the body and the body it belongs to (its union variant). */
  pointer?: (string | number)[];
  base?: unknown;
  /**
   * A query parameter the operation does not declare (every route takes a query string, parameters
   * or not), or a JSON property: the bad value in its value or in its name.
   */
  undeclared?: "value" | "name";
}

/** The name of the query parameter or JSON property no operation declares. */
export const UNDECLARED = "fuzz";

interface Parameter {
  name: string;
  in: string;
  required: boolean;
  schema: JsonSchema;
}

class RequestShape {
  private readonly parameters: Parameter[];
  private readonly json?: JsonSchema;
  private readonly form?: JsonSchema;

  constructor(
    private readonly route: string,
    private readonly method: string,
    private readonly operation: OpenApiOperationLike,
    private readonly resolver: Resolver,
    private readonly options: FuzzOptions,
  ) {
    this.parameters = (operation.parameters ?? []).map((p) => {
      const parameter = resolver.resolve(p);
      return {
        name: String(parameter.name),
        in: String(parameter.in),
        required: parameter.required === true,
        schema: resolver.resolve((parameter.schema ?? {}) as JsonSchema),
      };
    });
    const content = ((resolver.resolve(operation.requestBody ?? {}).content ?? {}) as Record<string, JsonSchema>) ?? {};
    if (content["application/json"]) this.json = (content["application/json"].schema ?? {}) as JsonSchema;
    if (content["multipart/form-data"]) this.form = (content["multipart/form-data"].schema ?? {}) as JsonSchema;
  }

  variations(): Variation[] {
    const out: Variation[] = [];
    for (const bad of ["nul", "lone-surrogate", "raw-byte"] as const) {
      out.push({ parameter: `query.${UNDECLARED}`, bad, location: "query", name: UNDECLARED, undeclared: "value" });
      out.push({ parameter: "query.(name)", bad, location: "query", name: UNDECLARED, undeclared: "name" });
    }
    for (const p of this.parameters) {
      const date = isDate(p.schema);
      const kinds: BadValue[] =
        p.in === "path"
          ? [
              "nul",
              "lone-surrogate",
              "dot-dot",
              "dot",
              "encoded-slash",
              "encoded-question-mark",
              "encoded-hash",
              "raw-byte",
            ]
          : p.in === "query"
            ? ["nul", "lone-surrogate", "raw-byte"]
            : p.in === "header"
              ? ["raw-byte"] // NUL and lone surrogates cannot be written in a header at all
              : [];
      if (date && p.in !== "header") kinds.push("year-0000", "year-9999");
      const location = p.in as Variation["location"];
      for (const bad of kinds) out.push({ parameter: `${p.in}.${p.name}`, bad, location, name: p.name });
    }
    if (this.json) {
      for (const leaf of this.resolver.leaves(this.json, "", this.valueOf, 0)) {
        const kinds: BadValue[] = ["nul", "lone-surrogate", ...(isDate(leaf.schema) ? datesBad : [])];
        const parameter = ["body", ...leaf.pointer].join(".");
        for (const bad of kinds)
          out.push({ parameter, bad, location: "body", name: "", pointer: leaf.pointer, base: leaf.base });
      }
      const body = this.valueOf(this.json, "");
      if (typeof body === "object" && body !== null && !Array.isArray(body))
        for (const bad of ["nul", "lone-surrogate"] as const)
          out.push({ parameter: "body.(name)", bad, location: "body", name: "", undeclared: "name" });
    }
    if (this.form) {
      const form = this.resolver.resolve(this.form);
      for (const [name, raw] of Object.entries((form.properties ?? {}) as Record<string, JsonSchema>)) {
        // The file part's bad value goes into its file name (formBody).
        const schema = this.resolver.resolve(raw);
        const kinds: BadValue[] = ["nul", "lone-surrogate", ...(isDate(schema) ? datesBad : [])];
        for (const bad of kinds) out.push({ parameter: `form.${name}`, bad, location: "form", name });
      }
    }
    return out;
  }

  build(
    variation: Variation,
    name: string,
  ): { pathAndQuery: string; headers: Record<string, string>; body?: FuzzCase["body"] } {
    let path = this.route;
    const query: string[] = [];
    const headers: Record<string, string> = {};
    for (const p of this.parameters) {
      const fuzzed = variation.location === p.in && variation.name === p.name;
      if (p.in === "path") {
        const valid = encodeURIComponent(String(this.pathValue(p)));
        path = path.replace(`{${p.name}}`, fuzzed ? badInUrl(variation.bad, valid, "path") : valid);
      } else if (p.in === "query" && (p.required || fuzzed)) {
        const valid = encodeURIComponent(String(this.valueOf(p.schema, p.name)));
        query.push(`${encodeURIComponent(p.name)}=${fuzzed ? badInUrl(variation.bad, valid, "query") : valid}`);
      } else if (p.in === "header" && (p.required || fuzzed)) {
        // Each case gets a key of its own: the same key twice would replay the first answer.
        const valid =
          p.name.toLowerCase() === "idempotency-key" ? `fuzz ${name}`.replace(/[^\x21-\x7e]/g, "-") : "fuzz";
        headers[p.name.toLowerCase()] = fuzzed ? `${valid}\u0080` : valid;
      }
    }
    if (variation.location === "query" && variation.undeclared === "value")
      query.push(`${UNDECLARED}=${badInUrl(variation.bad, UNDECLARED, "query")}`);
    if (variation.location === "query" && variation.undeclared === "name")
      query.push(`${badInUrl(variation.bad, UNDECLARED, "query")}=${UNDECLARED}`);
    const pathAndQuery = query.length ? `${path}?${query.join("&")}` : path;

    if (this.json) {
      const valid = this.valueOf(this.json, "");
      const value =
        variation.location !== "body"
          ? valid
          : variation.undeclared === "name"
            ? { ...(valid as object), [badInJson(variation.bad, UNDECLARED) as string]: UNDECLARED }
            : replaceAt(variation.base, variation.pointer!, (v) => badInJson(variation.bad, v));
      return {
        pathAndQuery,
        headers,
        body: { contentType: "application/json", bytes: Buffer.from(JSON.stringify(value), "utf8") },
      };
    }
    if (this.form) return { pathAndQuery, headers, body: this.formBody(variation) };
    return { pathAndQuery, headers };
  }

  private formBody(variation: Variation): FuzzCase["body"] {
    const form = this.resolver.resolve(this.form!);
    const required = new Set((form.required ?? []) as string[]);
    const parts: Buffer[] = [];
    for (const [name, raw] of Object.entries((form.properties ?? {}) as Record<string, JsonSchema>)) {
      const schema = this.resolver.resolve(raw);
      const fuzzed = variation.location === "form" && variation.name === name;
      if (!required.has(name) && !fuzzed) continue;
      parts.push(Buffer.from(`--${FORM_BOUNDARY}\r\n`));
      if (schema.format === "binary") {
        const filename = fuzzed ? badInForm(variation.bad, Buffer.from("document.pdf")) : Buffer.from("document.pdf");
        parts.push(
          Buffer.from(`Content-Disposition: form-data; name="${name}"; filename="`),
          filename,
          Buffer.from(`"\r\nContent-Type: application/pdf\r\n\r\n`),
          Buffer.from(MINIMAL_PDF),
          Buffer.from("\r\n"),
        );
      } else {
        const valid = Buffer.from(String(this.valueOf(schema, name)), "utf8");
        parts.push(
          Buffer.from(`Content-Disposition: form-data; name="${name}"\r\n\r\n`),
          fuzzed ? badInForm(variation.bad, valid) : valid,
          Buffer.from("\r\n"),
        );
      }
    }
    parts.push(Buffer.from(`--${FORM_BOUNDARY}--\r\n`));
    return { contentType: `multipart/form-data; boundary=${FORM_BOUNDARY}`, bytes: Buffer.concat(parts) };
  }

  private pathValue(p: Parameter): unknown {
    return this.options.values?.byRoute?.[this.route]?.[p.name] ?? this.valueOf(p.schema, p.name);
  }

  private readonly valueOf = (schema: JsonSchema, name: string): unknown =>
    this.resolver.validValue(schema, name, this.options.values?.byName ?? {}, 0);
}

const datesBad: BadValue[] = ["year-0000", "year-9999"];

function isDate(schema: JsonSchema): boolean {
  return schema.format === "date" || schema.format === "date-time";
}

/** The bad value in a URL component, `valid` being the valid one percent-encoded. */
export function badInUrl(bad: BadValue, valid: string, where: "path" | "query"): string {
  const middle = (inserted: string) => `${valid.slice(0, 1)}${inserted}${valid.slice(1)}`;
  switch (bad) {
    case "nul":
      return middle("%00");
    case "lone-surrogate":
      return middle("%ED%A0%80");
    case "raw-byte":
      return middle("\u0080");
    case "year-0000":
      return where === "path" || !valid.includes("T") ? "0000-01-01" : encodeURIComponent("0000-01-01T00:00:00Z");
    case "year-9999":
      return where === "path" || !valid.includes("T") ? "9999-12-31" : encodeURIComponent("9999-12-31T23:59:59Z");
    case "dot-dot":
      return "..";
    case "dot":
      return ".";
    case "encoded-slash":
      return "%2F";
    case "encoded-question-mark":
      return "%3F";
    case "encoded-hash":
      return "%23";
  }
}

/** The bad value in place of a JSON value: text is spoilt in its middle, anything else replaced by the bad text. */
export function badInJson(bad: BadValue, valid: unknown): unknown {
  const text = typeof valid === "string" ? valid : "";
  const middle = (inserted: string) => `${text.slice(0, 1)}${inserted}${text.slice(1)}`;
  switch (bad) {
    case "nul":
      return middle("\u0000");
    case "lone-surrogate":
      return middle("\ud800");
    case "year-0000":
      return text.includes("T") ? "0000-01-01T00:00:00Z" : "0000-01-01";
    case "year-9999":
      return text.includes("T") ? "9999-12-31T23:59:59Z" : "9999-12-31";
    default:
      throw new Error(`${bad} is not a JSON bad value`);
  }
}

/** The bad value in a form field's bytes (or a file name): NUL, the three bytes of a lone surrogate, a date. */
function badInForm(bad: BadValue, valid: Buffer): Buffer {
  const middle = (inserted: number[]) =>
    Buffer.concat([valid.subarray(0, 1), Buffer.from(inserted), valid.subarray(1)]);
  switch (bad) {
    case "nul":
      return middle([0x00]);
    case "lone-surrogate":
      return middle([0xed, 0xa0, 0x80]);
    case "year-0000":
      return Buffer.from(valid.includes("T") ? "0000-01-01T00:00:00Z" : "0000-01-01");
    case "year-9999":
      return Buffer.from(valid.includes("T") ? "9999-12-31T23:59:59Z" : "9999-12-31");
    default:
      throw new Error(`${bad} is not a form bad value`);
  }
}

function replaceAt(value: unknown, pointer: readonly (string | number)[], replace: (v: unknown) => unknown): unknown {
  if (pointer.length === 0) return replace(value);
  const [head, ...rest] = pointer;
  if (Array.isArray(value)) return value.map((item, i) => (i === head ? replaceAt(item, rest, replace) : item));
  const object = (value ?? {}) as Record<string, unknown>;
  return { ...object, [head!]: replaceAt(object[head!], rest, replace) };
}

function basePathOf(serverUrl: string): string {
  const path = /^[a-z][a-z0-9+.-]*:\/\//i.test(serverUrl) ? new URL(serverUrl).pathname : serverUrl;
  return path.replace(/\/+$/, "");
}

/** A leaf of a JSON body: where it is, its schema, and the whole valid body (of its union variant) around it. */
interface Leaf {
  pointer: (string | number)[];
  schema: JsonSchema;
  base: unknown;
}

// Valid values by format and by the few patterns the contracts use that a placeholder cannot meet.
const VALID_BY_FORMAT: Record<string, string> = {
  uuid: "3f0c8b9e-6a4d-4c1e-9b7a-2d5e8f1a0c34",
  email: "fuzz@fuzz.example",
  uri: "https://fuzz.example/docs",
  date: "2026-01-15",
  "date-time": "2026-01-15T10:00:00Z",
};
const VALID_BY_PATTERN: Record<string, string> = {
  "^[A-Z]{3}$": "EUR",
  "^[0-9 ]{12,23}$": "4242 4242 4242 4242",
  "^[0-9]{3,4}$": "123",
  "^[0-9a-f]{64}$": "a".repeat(64),
};
// The smallest file a PDF check accepts; what is in it does not matter to the fuzzer.
const MINIMAL_PDF = "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

class Resolver {
  constructor(private readonly document: OpenApiDocumentLike) {}

  resolve(schema: JsonSchema): JsonSchema {
    let current = schema;
    for (let hops = 0; typeof current.$ref === "string" && hops < 10; hops++) {
      const ref = current.$ref as string;
      const [, section, name] = /^#\/components\/(schemas|parameters)\/(.+)$/.exec(ref) ?? [];
      const target = section ? this.document.components?.[section as "schemas" | "parameters"]?.[name!] : undefined;
      if (!target) throw new Error(`unresolvable $ref ${ref}`);
      const { $ref: _ref, ...siblings } = current;
      current = { ...target, ...siblings };
    }
    return current;
  }

  /** The union variants of a schema, or the schema itself. */
  private variants(schema: JsonSchema): JsonSchema[] {
    const options = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
    if (!options) return [schema];
    return options.map((o) => this.resolve(o)).filter((o) => o.type !== "null");
  }

  validValue(raw: JsonSchema, name: string, byName: Record<string, unknown>, depth: number): unknown {
    const schema = this.resolve(raw);
    const hint = name ? byName[name] : undefined;
    // A value by name only where the schema allows it: `kind` is a document kind here, a constant there.
    if (
      hint !== undefined &&
      (schema.const === undefined || schema.const === hint) &&
      (!Array.isArray(schema.enum) || schema.enum.includes(hint))
    )
      return hint;
    if (schema.const !== undefined) return schema.const;
    if (Array.isArray(schema.enum)) return schema.enum[0];
    if (schema.default !== undefined) return schema.default;
    const variants = this.variants(schema);
    if (variants[0] !== schema) return this.validValue(variants[0]!, name, byName, depth + 1);
    if (depth > MAX_DEPTH) return undefined;
    switch (schema.type) {
      case "object": {
        const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
        const required = (schema.required ?? []) as string[];
        return Object.fromEntries(
          required.map((key) => [key, this.validValue(properties[key] ?? {}, key, byName, depth + 1)]),
        );
      }
      case "array": {
        const minItems = typeof schema.minItems === "number" ? schema.minItems : 0;
        const item = this.validValue((schema.items ?? {}) as JsonSchema, name, byName, depth + 1);
        return Array.from({ length: minItems }, () => item);
      }
      case "integer":
      case "number": {
        const minimum = typeof schema.minimum === "number" ? schema.minimum : 1;
        const maximum = typeof schema.maximum === "number" ? schema.maximum : Number.MAX_SAFE_INTEGER;
        return Math.min(Math.max(minimum, 1), maximum);
      }
      case "boolean":
        return false;
      case "string":
        return this.validText(schema);
      default:
        return "fuzz";
    }
  }

  private validText(schema: JsonSchema): string {
    if (typeof schema.format === "string" && VALID_BY_FORMAT[schema.format]) return VALID_BY_FORMAT[schema.format]!;
    if (typeof schema.pattern === "string" && VALID_BY_PATTERN[schema.pattern])
      return VALID_BY_PATTERN[schema.pattern]!;
    const minLength = typeof schema.minLength === "number" ? schema.minLength : 1;
    const maxLength = typeof schema.maxLength === "number" ? schema.maxLength : 64;
    return "fuzz value ".repeat(Math.ceil(minLength / 11) + 1).slice(0, Math.max(minLength, Math.min(10, maxLength)));
  }

  /**
   * Every leaf (text, number, boolean, enum…) under a schema, each with a valid whole value holding
   * it: an object's optional property is present only in the bodies that fuzz it, an array holds
   * one item, a union contributes the leaves of each of its variants.
   */
  leaves(raw: JsonSchema, name: string, valueOf: (schema: JsonSchema, name: string) => unknown, depth: number): Leaf[] {
    const schema = this.resolve(raw);
    const byName = valueOf(schema, name);
    const variants = this.variants(schema);
    if (depth > MAX_DEPTH) return [];
    if (variants.length > 1 || variants[0] !== schema)
      return variants.flatMap((variant) => this.leaves(variant, name, valueOf, depth + 1));
    if (schema.type === "object" && schema.properties) {
      const properties = schema.properties as Record<string, JsonSchema>;
      const required = (schema.required ?? []) as string[];
      const whole = Object.fromEntries(required.map((key) => [key, valueOf(properties[key] ?? {}, key)]));
      return Object.entries(properties).flatMap(([key, child]) =>
        this.leaves(child, key, valueOf, depth + 1).map((leaf) => ({
          pointer: [key, ...leaf.pointer],
          schema: leaf.schema,
          base: { ...whole, [key]: leaf.base },
        })),
      );
    }
    if (schema.type === "array" && schema.items) {
      const minItems = typeof schema.minItems === "number" ? Math.max(schema.minItems, 1) : 1;
      return this.leaves(schema.items as JsonSchema, name, valueOf, depth + 1).map((leaf) => ({
        pointer: [0, ...leaf.pointer],
        schema: leaf.schema,
        base: [leaf.base, ...Array.from({ length: minItems - 1 }, () => valueOf(schema.items as JsonSchema, name))],
      }));
    }
    return [{ pointer: [], schema, base: byName }];
  }
}
