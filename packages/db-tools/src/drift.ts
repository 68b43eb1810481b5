/**
 * Schema drift: compares a service's Prisma schema folder with its live PostgreSQL database,
 * since `prisma migrate diff` needs the schema engine we cannot download.
 *
 * How the schema is read: with Prisma's own parser. The prisma CLI (root devDependency) ships
 * `build/prisma_schema_build_bg.wasm`, the same WASM module `prisma generate`/`validate` use;
 * its JS glue is bundled inside the minified cli.js, so we load the .wasm ourselves with a
 * ~40-line wasm-bindgen shim (below) and call its `get_datamodel` (the DMMF datamodel: models
 * with @@map/@map names, native types, defaults, ids, uniques, indexes, relations, enums).
 * Neither @prisma/prisma-schema-wasm nor @prisma/internals is installed, and a hand parser
 * would drift from Prisma's semantics (defaults, name generation, validation errors).
 * The DMMF omits `@ignore`d fields/models and `Unsupported(...)` fields; a small text scan adds
 * those so they are not reported as extra columns. It also carries no `@relation(map:)`, so
 * foreign keys are compared by columns, target and actions, not by name. Implicit many-to-many
 * join tables (`_AToB`) are accepted but not inspected.
 */
import { existsSync, promises as fs, readFileSync } from "node:fs";
import path from "node:path";
import { Client } from "pg";
import { parseDatabaseUrl } from "./migrate.js";

export type DriftKind =
  | "table_missing"
  | "table_extra"
  | "column_missing"
  | "column_extra"
  | "column_type"
  | "column_nullability"
  | "column_default"
  | "primary_key_missing"
  | "primary_key_extra"
  | "primary_key_changed"
  | "index_missing"
  | "index_extra"
  | "index_changed"
  | "foreign_key_missing"
  | "foreign_key_extra"
  | "foreign_key_changed"
  | "enum_missing"
  | "enum_extra"
  | "enum_values";

export interface DriftDifference {
  kind: DriftKind;
  /** The table concerned; absent for enum differences. */
  table?: string;
  column?: string;
  /** The index, constraint or enum type concerned. */
  name?: string;
  /** What the Prisma schema implies (null: nothing). */
  expected: string | null;
  /** What the database has (null: nothing). */
  actual: string | null;
  message: string;
}

export interface FindSchemaDriftOptions {
  databaseUrl: string;
  /** A Prisma schema folder (every .prisma file in it, recursively) or a single .prisma file. */
  schemaDir: string;
  /** The PostgreSQL schema to inspect; default the URL's `?schema=`, else public. */
  dbSchema?: string;
  /** Path of prisma_schema_build_bg.wasm; default: the one of the installed prisma CLI. */
  prismaSchemaWasm?: string;
}

/** Every difference between the Prisma schema and the database, in both directions. */
export async function findSchemaDrift(options: FindSchemaDriftOptions): Promise<DriftDifference[]> {
  const files = await readSchemaFiles(options.schemaDir);
  const expected = expectedSchema(files, options.prismaSchemaWasm);
  const { connectionString, schema } = parseDatabaseUrl(options.databaseUrl);
  const client = new Client({ connectionString });
  client.on("error", () => undefined);
  await client.connect();
  try {
    const actual = await introspect(client, options.dbSchema ?? schema ?? "public");
    return compare(expected, actual);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** One line per difference, for test failures and CI logs. */
export function formatDrift(differences: DriftDifference[]): string {
  return differences.length === 0 ? "No drift." : differences.map((d) => `- ${d.message}`).join("\n");
}

export interface PlatformCopyProblem {
  /** The service's file (absolute path). */
  file: string;
  /** The kit's canonical file it should equal (absolute path); null for a file the kit does not have. */
  canonical: string | null;
  problem: "missing" | "differs" | "unexpected";
  message: string;
}

/**
 * Compares the kit's canonical `prisma/platform.prisma` and `prisma/migrations/<name>/` folders
 * with the service's verbatim copies (`prisma/schema/platform.prisma`, same-named folders),
 * byte for byte. Returns one entry per missing, differing or extra file.
 */
export async function checkPlatformCopies(options: {
  serviceDir: string;
  kitDir: string;
}): Promise<PlatformCopyProblem[]> {
  return checkKitCopies({ ...options, schemaFile: "platform.prisma" });
}

/**
 * A package whose Prisma schema file and migrations are copied into services (the service kit's
 * platform tables, the gateway kit's identity tables): `<kitDir>/prisma/<schemaFile>` is copied as
 * `prisma/schema/<schemaFile>`, each `<kitDir>/prisma/migrations/<folder>/` as
 * `prisma/migrations/<migrationFolder(folder)>/` (default: the same name).
 */
export interface KitSchemaCopy {
  kitDir: string;
  schemaFile: string;
  migrationFolder?: (kitFolder: string) => string;
}

/** Like {@link checkPlatformCopies}, for any kit's schema file and migrations. */
export async function checkKitCopies(options: { serviceDir: string } & KitSchemaCopy): Promise<PlatformCopyProblem[]> {
  const problems: PlatformCopyProblem[] = [];
  const compareFile = async (canonical: string, copy: string) => {
    const [a, b] = await Promise.all([readOrNull(canonical), readOrNull(copy)]);
    if (a === null) throw new Error(`Canonical kit file not found: ${canonical}`);
    if (b === null) {
      problems.push({
        file: copy,
        canonical,
        problem: "missing",
        message: `${copy} is missing (copy it from ${canonical})`,
      });
    } else if (!a.equals(b)) {
      problems.push({ file: copy, canonical, problem: "differs", message: `${copy} differs from ${canonical}` });
    }
  };

  await compareFile(
    path.join(options.kitDir, "prisma", options.schemaFile),
    path.join(options.serviceDir, "prisma", "schema", options.schemaFile),
  );

  const kitMigrations = path.join(options.kitDir, "prisma", "migrations");
  const serviceMigrations = path.join(options.serviceDir, "prisma", "migrations");
  const folderOf = options.migrationFolder ?? ((name: string) => name);
  for (const entry of await fs.readdir(kitMigrations, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue; // migration_lock.toml belongs to each service's folder
    const kitFolder = path.join(kitMigrations, entry.name);
    const serviceFolder = path.join(serviceMigrations, folderOf(entry.name));
    const kitFiles = await listFiles(kitFolder);
    for (const file of kitFiles) await compareFile(path.join(kitFolder, file), path.join(serviceFolder, file));
    if (existsSync(serviceFolder)) {
      for (const file of await listFiles(serviceFolder)) {
        if (!kitFiles.includes(file)) {
          const extra = path.join(serviceFolder, file);
          problems.push({
            file: extra,
            canonical: null,
            problem: "unexpected",
            message: `${extra} is not in the kit's ${entry.name} migration (kit migration folders are verbatim copies)`,
          });
        }
      }
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Expected schema, from the Prisma datamodel

interface ExpectedColumn {
  name: string;
  /** Canonical type, e.g. `text`, `timestamptz(3)`, `numeric(65,30)`, `"Role"[]` without quotes. */
  type: string | null; // null: not compared (@ignore fields)
  nullable: boolean | null;
  default: ExpectedDefault;
}

type ExpectedDefault =
  | { kind: "none" }
  | { kind: "any"; describe: string } // present, value not compared
  | { kind: "value"; describe: string; matches: (actual: string) => boolean }
  | { kind: "unknown" }; // not compared at all

interface ExpectedIndex {
  name: string;
  columns: string[]; // with " DESC" suffix where descending
  unique: boolean;
  method: string;
  /** A partial index's WHERE, as the schema's `// @@index(..., where: raw("..."))` line writes it. */
  predicate?: string;
}

interface ExpectedForeignKey {
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: string;
  onUpdate: string;
}

interface ExpectedTable {
  name: string;
  model: string;
  columns: Map<string, ExpectedColumn>;
  primaryKey: { name: string; columns: string[] } | null;
  indexes: ExpectedIndex[];
  foreignKeys: ExpectedForeignKey[];
  /** Tables Prisma manages that we only check for existence (@@ignore, implicit m2m). */
  opaque: boolean;
}

interface ExpectedSchema {
  tables: Map<string, ExpectedTable>;
  enums: Map<string, string[]>;
}

/** The parts of Prisma's DMMF datamodel we read. */
interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "object" | "enum" | "unsupported";
  isList: boolean;
  isRequired: boolean;
  type: string;
  nativeType?: [string, string[]] | null;
  default?: unknown;
  relationName?: string;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  dbName?: string | null;
  algorithm?: string;
  fields: { name: string; sortOrder?: "asc" | "desc" }[];
}
interface DmmfDatamodel {
  enums: { name: string; dbName?: string | null; values: { name: string; dbName?: string | null }[] }[];
  models: DmmfModel[];
  indexes: DmmfIndex[];
}

/** PostgreSQL's identifier limit, which Prisma's default constraint names respect. */
const MAX_IDENTIFIER = 63;

function expectedSchema(files: [string, string][], wasmPath?: string): ExpectedSchema {
  // Prisma validates native types against the datasource; the kit's platform.prisma has none.
  const hasDatasource = files.some(([, text]) => /^\s*datasource\s+\w+\s*\{/m.test(text));
  const input = hasDatasource
    ? files
    : [...files, ["__drift_datasource.prisma", 'datasource db {\n  provider = "postgresql"\n}\n'] as [string, string]];
  const dm = prismaSchemaWasm(wasmPath).getDatamodel(input);
  const scan = scanSource(files, new Set([...SCALAR_TYPES, ...dm.enums.map((e) => e.name)]));
  const relationModePrisma = files.some(([, text]) =>
    /datasource\s+\w+\s*\{[^}]*\brelationMode\s*=\s*"prisma"/.test(text),
  );

  const modelsByName = new Map(dm.models.map((m) => [m.name, m]));
  const tableOf = (model: DmmfModel) => model.dbName ?? model.name;
  const columnOf = (model: DmmfModel, fieldName: string) => {
    const field = model.fields.find((f) => f.name === fieldName);
    return field?.dbName ?? fieldName;
  };
  const enumDbName = new Map(dm.enums.map((e) => [e.name, e.dbName ?? e.name]));
  const enumValueDbName = new Map(
    dm.enums.map((e) => [e.name, new Map(e.values.map((v) => [v.name, v.dbName ?? v.name]))]),
  );

  const tables = new Map<string, ExpectedTable>();
  for (const model of dm.models) {
    const table = tableOf(model);
    const columns = new Map<string, ExpectedColumn>();
    for (const field of model.fields) {
      if (field.kind === "object") continue;
      const name = field.dbName ?? field.name;
      const type =
        field.kind === "enum"
          ? (enumDbName.get(field.type) ?? field.type) + (field.isList ? "[]" : "")
          : scalarType(field);
      // Prisma creates scalar lists as nullable array columns.
      columns.set(name, {
        name,
        type,
        nullable: !field.isRequired || field.isList,
        default: expectedDefault(field, enumValueDbName),
      });
    }
    for (const extra of scan.extraColumns.get(model.name) ?? []) {
      columns.set(extra.column, {
        name: extra.column,
        type: extra.type,
        nullable: extra.nullable,
        default: { kind: "unknown" },
      });
    }

    let primaryKey: ExpectedTable["primaryKey"] = null;
    const indexes: ExpectedIndex[] = [];
    for (const index of dm.indexes.filter((i) => i.model === model.name)) {
      const cols = index.fields.map((f) => columnOf(model, f.name));
      if (index.type === "id") {
        primaryKey = { name: index.dbName ?? truncatedName(table, "_pkey"), columns: cols };
      } else if (index.type === "unique" || index.type === "normal") {
        const unique = index.type === "unique";
        indexes.push({
          name: index.dbName ?? truncatedName(`${table}_${cols.join("_")}`, unique ? "_key" : "_idx"),
          columns: index.fields.map((f, i) => cols[i] + (f.sortOrder === "desc" ? " DESC" : "")),
          unique,
          method: (index.algorithm ?? "BTree").toLowerCase(),
        });
      }
    }

    for (const partial of scan.partialIndexes.get(model.name) ?? []) {
      indexes.push({
        name: partial.name,
        columns: partial.fields.map((f) => columnOf(model, f)),
        unique: partial.unique,
        method: "btree",
        predicate: partial.predicate,
      });
    }

    const foreignKeys: ExpectedForeignKey[] = [];
    if (!relationModePrisma) {
      for (const field of model.fields) {
        if (field.kind !== "object" || !field.relationFromFields?.length) continue;
        const target = modelsByName.get(field.type);
        if (!target) continue;
        const fromFields = field.relationFromFields;
        const optional = fromFields.some((f) => !model.fields.find((x) => x.name === f)?.isRequired);
        foreignKeys.push({
          columns: fromFields.map((f) => columnOf(model, f)),
          referencedTable: tableOf(target),
          referencedColumns: (field.relationToFields ?? []).map((f) => columnOf(target, f)),
          // Prisma's defaults: Restrict (SetNull when the relation is optional) / Cascade.
          onDelete: field.relationOnDelete ?? (optional ? "SetNull" : "Restrict"),
          onUpdate: field.relationOnUpdate ?? "Cascade",
        });
      }
    }
    tables.set(table, { name: table, model: model.name, columns, primaryKey, indexes, foreignKeys, opaque: false });
  }

  // Implicit many-to-many relations live in a join table named after the relation.
  for (const model of dm.models) {
    for (const field of model.fields) {
      if (field.kind !== "object" || !field.isList || field.relationFromFields?.length) continue;
      const target = modelsByName.get(field.type);
      const back = target?.fields.find((f) => f.relationName === field.relationName && f !== field);
      if (back && back.isList && !back.relationFromFields?.length && field.relationName) {
        addOpaque(tables, `_${field.relationName}`, model.name);
      }
    }
  }
  for (const [model, table] of scan.ignoredModels) addOpaque(tables, table, model);

  const enums = new Map(dm.enums.map((e) => [e.dbName ?? e.name, e.values.map((v) => v.dbName ?? v.name)]));
  return { tables, enums };
}

function addOpaque(tables: Map<string, ExpectedTable>, name: string, model: string) {
  if (!tables.has(name)) {
    tables.set(name, { name, model, columns: new Map(), primaryKey: null, indexes: [], foreignKeys: [], opaque: true });
  }
}

/** Prisma's default constraint names: `<table>_<columns><suffix>`, cut to fit 63 bytes. */
function truncatedName(base: string, suffix: string): string {
  const limit = MAX_IDENTIFIER - suffix.length;
  const bytes = Buffer.from(base, "utf8");
  if (bytes.length < limit) return base + suffix;
  let cut = limit;
  // Never split a UTF-8 character (continuation bytes are 10xxxxxx).
  while (cut > 0 && ((bytes[cut] ?? 0) & 0xc0) === 0x80) cut--;
  return bytes.subarray(0, cut).toString("utf8") + suffix;
}

/** Prisma scalar (or its @db.* native type) → canonical PostgreSQL type. */
function scalarType(field: DmmfField): string {
  const list = field.isList ? "[]" : "";
  if (field.nativeType) {
    const [name, args] = field.nativeType;
    return canonicalType(nativeTypeSql(name, args)) + list;
  }
  const defaults: Record<string, string> = {
    String: "text",
    Boolean: "boolean",
    Int: "integer",
    BigInt: "bigint",
    Float: "double precision",
    Decimal: "numeric(65,30)",
    DateTime: "timestamp(3)",
    Json: "jsonb",
    Bytes: "bytea",
  };
  return (defaults[field.type] ?? field.type.toLowerCase()) + list;
}

function nativeTypeSql(name: string, args: string[]): string {
  const withArgs = (sql: string) => (args.length ? `${sql}(${args.join(",")})` : sql);
  switch (name) {
    case "Text":
      return "text";
    case "VarChar":
      return withArgs("varchar");
    case "Char":
      return withArgs("char");
    case "Bit":
      return withArgs("bit");
    case "VarBit":
      return withArgs("varbit");
    case "SmallInt":
      return "smallint";
    case "Integer":
      return "integer";
    case "BigInt":
      return "bigint";
    case "Oid":
      return "oid";
    case "DoublePrecision":
      return "double precision";
    case "Real":
      return "real";
    case "Decimal":
      return withArgs("numeric");
    case "Money":
      return "money";
    case "Timestamp":
      return withArgs("timestamp");
    case "Timestamptz":
      return withArgs("timestamptz");
    case "Date":
      return "date";
    case "Time":
      return withArgs("time");
    case "Timetz":
      return withArgs("timetz");
    case "Json":
      return "json";
    case "JsonB":
      return "jsonb";
    case "ByteA":
      return "bytea";
    case "Boolean":
      return "boolean";
    default:
      return withArgs(name.toLowerCase()); // Uuid, Xml, Inet, Citext, ...
  }
}

/**
 * One spelling per PostgreSQL type, for both sides: `format_type()` output
 * (`timestamp(3) with time zone`, `character varying(20)`) and Prisma's (`timestamptz(3)`).
 * Time types without a precision have PostgreSQL's default precision, 6.
 */
function canonicalType(raw: string): string {
  let type = raw.trim();
  let list = "";
  while (type.endsWith("[]")) {
    list += "[]";
    type = type.slice(0, -2).trim();
  }
  type = type.replace(/"/g, "").replace(/^public\./, "");
  const lower = type.toLowerCase();
  const rules: [RegExp, (m: RegExpMatchArray) => string][] = [
    [/^timestamp(?:\((\d+)\))? with time zone$/, (m) => `timestamptz(${m[1] ?? 6})`],
    [/^timestamp(?:\((\d+)\))?(?: without time zone)?$/, (m) => `timestamp(${m[1] ?? 6})`],
    [/^timestamptz(?:\((\d+)\))?$/, (m) => `timestamptz(${m[1] ?? 6})`],
    [/^time(?:\((\d+)\))? with time zone$/, (m) => `timetz(${m[1] ?? 6})`],
    [/^time(?:\((\d+)\))?(?: without time zone)?$/, (m) => `time(${m[1] ?? 6})`],
    [/^timetz(?:\((\d+)\))?$/, (m) => `timetz(${m[1] ?? 6})`],
    [/^(?:character varying|varchar)(?:\((\d+)\))?$/, (m) => (m[1] ? `varchar(${m[1]})` : "varchar")],
    [/^(?:character|char|bpchar)(?:\((\d+)\))?$/, (m) => `char(${m[1] ?? 1})`],
    [/^(?:bit varying|varbit)(?:\((\d+)\))?$/, (m) => (m[1] ? `varbit(${m[1]})` : "varbit")],
    [/^bit(?:\((\d+)\))?$/, (m) => `bit(${m[1] ?? 1})`],
    [/^(?:numeric|decimal)(?:\((\d+),\s*(\d+)\))?$/, (m) => (m[1] ? `numeric(${m[1]},${m[2]})` : "numeric")],
    [/^(?:integer|int|int4)$/, () => "integer"],
    [/^(?:bigint|int8)$/, () => "bigint"],
    [/^(?:smallint|int2)$/, () => "smallint"],
    [/^(?:double precision|float8)$/, () => "double precision"],
    [/^(?:real|float4)$/, () => "real"],
    [/^(?:boolean|bool)$/, () => "boolean"],
  ];
  for (const [pattern, render] of rules) {
    const match = lower.match(pattern);
    if (match) return render(match) + list;
  }
  // Enum and other named types keep their case (enum names are case-sensitive).
  return (/[A-Z]/.test(type) ? type : lower) + list;
}

const CLIENT_SIDE_DEFAULTS = new Set(["uuid", "cuid", "nanoid", "ulid"]);

function expectedDefault(field: DmmfField, enumValues: Map<string, Map<string, string>>): ExpectedDefault {
  const value = field.default;
  if (value === undefined || value === null) return { kind: "none" };
  if (typeof value === "object" && !Array.isArray(value) && "name" in value) {
    const fn = value as { name: string; args: unknown[] };
    if (CLIENT_SIDE_DEFAULTS.has(fn.name)) return { kind: "none" }; // generated by the client, not the database
    if (fn.name === "now") {
      return {
        kind: "value",
        describe: "CURRENT_TIMESTAMP",
        matches: (a) => /^(current_timestamp|now\(\))$/i.test(a.trim()),
      };
    }
    if (fn.name === "autoincrement")
      return { kind: "value", describe: "autoincrement()", matches: (a) => /^nextval\(/i.test(a.trim()) };
    if (fn.name === "dbgenerated") return { kind: "any", describe: `dbgenerated(${JSON.stringify(fn.args[0] ?? "")})` };
    return { kind: "any", describe: `${fn.name}()` };
  }
  if (Array.isArray(value)) return { kind: "any", describe: JSON.stringify(value) };

  const describe = typeof value === "string" ? `'${value}'` : String(value);
  if (field.kind === "enum") {
    const dbValue = enumValues.get(field.type)?.get(String(value)) ?? String(value);
    return { kind: "value", describe: `'${dbValue}'`, matches: (a) => literalOf(a) === dbValue };
  }
  switch (field.type) {
    case "String":
      return { kind: "value", describe, matches: (a) => literalOf(a) === value };
    case "Boolean":
      return { kind: "value", describe, matches: (a) => literalOf(a)?.toLowerCase() === String(value) };
    case "Int":
    case "BigInt":
    case "Float":
    case "Decimal":
      return { kind: "value", describe, matches: (a) => Number(literalOf(a)) === Number(value) };
    case "Json":
      return { kind: "value", describe, matches: (a) => sameJson(literalOf(a), String(value)) };
    default:
      // DateTime, Bytes: PostgreSQL renders them differently from the schema; presence only.
      return { kind: "any", describe };
  }
}

/** The literal inside a simple default expression: `'x'::text` → x, `(-1)` → -1; null when not a literal. */
function literalOf(expression: string): string | null {
  let e = expression.trim();
  for (;;) {
    const stripped = e.replace(/::\s*(?:"[^"]+"|[\w. ]+?)(?:\(\d+(?:,\s*\d+)?\))?(?:\[\])*$/i, "").trim();
    const unwrapped = /^\((.*)\)$/s.exec(stripped)?.[1]?.trim() ?? stripped;
    if (unwrapped === e) break;
    e = unwrapped;
  }
  if (/^'(?:[^']|'')*'$/s.test(e)) return e.slice(1, -1).replace(/''/g, "'");
  if (/^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i.test(e) || /^(true|false)$/i.test(e)) return e;
  return null;
}

function sameJson(a: string | null, b: string): boolean {
  if (a === null) return false;
  try {
    return stableJson(JSON.parse(a)) === stableJson(JSON.parse(b));
  } catch {
    return a === b;
  }
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

interface SourceScan {
  /**
   * Per model: partial indexes, which Prisma's schema cannot declare without a preview feature.
   * A migration creates them; the schema names them on a comment line, in Prisma's own syntax:
   * `// @@index([createdAt], map: "outbox_event_pending_idx", where: raw("published_at IS NULL"))`.
   */
  partialIndexes: Map<string, { fields: string[]; name: string; unique: boolean; predicate: string }[]>;
  /** Per model: columns the DMMF leaves out (`@ignore` and `Unsupported(...)` fields). */
  extraColumns: Map<string, { column: string; type: string | null; nullable: boolean | null }[]>;
  /** `@@ignore`d models and their tables. */
  ignoredModels: Map<string, string>;
}

const SCALAR_TYPES = ["String", "Boolean", "Int", "BigInt", "Float", "Decimal", "DateTime", "Json", "Bytes"];

/**
 * A deliberately small scan for what the DMMF omits; everything else comes from Prisma's parser.
 * `columnTypes`: scalar and enum names (an @ignore'd relation field has no column).
 */
function scanSource(files: [string, string][], columnTypes: Set<string>): SourceScan {
  const scan: SourceScan = { extraColumns: new Map(), ignoredModels: new Map(), partialIndexes: new Map() };
  for (const [, text] of files) {
    for (const block of text.matchAll(/^\s*model\s+(\w+)\s*\{([\s\S]*?)^\s*\}/gm)) {
      const partial = [
        ...(block[2] as string).matchAll(
          /^\s*\/\/\s*@@(index|unique)\(\s*\[([^\]]*)\]\s*,\s*map:\s*"([^"]+)"\s*,\s*where:\s*raw\(\s*"((?:[^"\\]|\\.)*)"\s*\)\s*\)\s*$/gm,
        ),
      ].map(([, kind, fields, name, predicate]) => ({
        fields: (fields as string)
          .split(",")
          .map((f) => f.trim())
          .filter(Boolean),
        name: name as string,
        unique: kind === "unique",
        predicate: (predicate as string).replace(/\\"/g, '"'),
      }));
      if (partial.length) scan.partialIndexes.set(block[1] as string, partial);
    }
    const source = text.replace(/\/\/.*$/gm, ""); // comments (incl. ///) cannot hold fields
    for (const block of source.matchAll(/^\s*model\s+(\w+)\s*\{([\s\S]*?)^\s*\}/gm)) {
      const model = block[1] as string;
      const body = block[2] as string;
      if (/^\s*@@ignore\b/m.test(body)) {
        const mapped = /^\s*@@map\(\s*(?:name:\s*)?"([^"]+)"/m.exec(body)?.[1];
        scan.ignoredModels.set(model, mapped ?? model);
        continue;
      }
      const extras: { column: string; type: string | null; nullable: boolean | null }[] = [];
      for (const line of body.split("\n")) {
        const field = /^\s*(\w+)\s+(Unsupported\(\s*"((?:[^"\\]|\\.)*)"\s*\)|\w+)(\?|\[\])?(.*)$/.exec(line);
        if (!field) continue;
        const [, name, type, unsupported, modifier, rest = ""] = field;
        const ignored = /@ignore\b/.test(rest);
        if (unsupported === undefined && !(ignored && columnTypes.has(type as string))) continue;
        const column = /@map\(\s*(?:name:\s*)?"([^"]+)"/.exec(rest)?.[1] ?? (name as string);
        extras.push({
          column,
          type: unsupported !== undefined ? canonicalType(unsupported) + (modifier === "[]" ? "[]" : "") : null,
          nullable: unsupported !== undefined ? modifier === "?" || modifier === "[]" : null,
        });
      }
      if (extras.length) scan.extraColumns.set(model, extras);
    }
  }
  return scan;
}

// ---------------------------------------------------------------------------------------------
// The database side

interface ActualColumn {
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
}
interface ActualIndex {
  table: string;
  name: string;
  columns: string[];
  unique: boolean;
  primary: boolean;
  method: string;
  /** The WHERE of a partial index, as PostgreSQL prints it (pg_get_expr). */
  predicate: string | null;
}
interface ActualForeignKey {
  name: string;
  table: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: string;
  onUpdate: string;
}
interface ActualSchema {
  tables: Map<string, Map<string, ActualColumn>>;
  indexes: ActualIndex[];
  foreignKeys: ActualForeignKey[];
  enums: Map<string, string[]>;
}

const ACTION_NAMES: Record<string, string> = {
  a: "NoAction",
  r: "Restrict",
  c: "Cascade",
  n: "SetNull",
  d: "SetDefault",
};

async function introspect(client: Client, schema: string): Promise<ActualSchema> {
  const tables = new Map<string, Map<string, ActualColumn>>();
  const tableRows = await client.query<{ table_name: string }>(
    `SELECT c.relname AS table_name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> '_prisma_migrations'`,
    [schema],
  );
  for (const row of tableRows.rows) tables.set(row.table_name, new Map());

  const columnRows = await client.query<{
    table_name: string;
    column_name: string;
    type: string;
    enum_name: string | null;
    is_array: boolean;
    not_null: boolean;
    default_expr: string | null;
    identity: string;
  }>(
    `SELECT c.relname AS table_name, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type,
            CASE WHEN t.typtype = 'e' THEN t.typname WHEN et.typtype = 'e' THEN et.typname END AS enum_name,
            t.typcategory = 'A' AS is_array, a.attnotnull AS not_null,
            pg_get_expr(d.adbin, d.adrelid) AS default_expr, a.attidentity AS identity
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY c.relname, a.attnum`,
    [schema],
  );
  for (const row of columnRows.rows) {
    const columns = tables.get(row.table_name);
    if (!columns) continue;
    const type = row.enum_name ? row.enum_name + (row.is_array ? "[]" : "") : canonicalType(row.type);
    const identity = row.identity === "a" || row.identity === "d" ? "GENERATED AS IDENTITY" : null;
    columns.set(row.column_name, {
      name: row.column_name,
      type,
      nullable: !row.not_null,
      default: row.default_expr ?? identity,
    });
  }

  const indexRows = await client.query<{
    table_name: string;
    index_name: string;
    is_unique: boolean;
    is_primary: boolean;
    method: string;
    predicate: string | null;
    columns: string[];
    descending: boolean[];
  }>(
    `SELECT t.relname AS table_name, i.relname AS index_name, ix.indisunique AS is_unique,
            ix.indisprimary AS is_primary, am.amname AS method, pg_get_expr(ix.indpred, ix.indrelid, true) AS predicate,
            ARRAY(SELECT pg_get_indexdef(ix.indexrelid, k, true) FROM generate_series(1, ix.indnkeyatts) k ORDER BY k) AS columns,
            ARRAY(SELECT (ix.indoption[k - 1] & 1) = 1 FROM generate_series(1, ix.indnkeyatts) k ORDER BY k) AS descending
       FROM pg_index ix
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_am am ON am.oid = i.relam
      WHERE n.nspname = $1 AND t.relkind IN ('r', 'p') AND t.relname <> '_prisma_migrations'
      ORDER BY t.relname, i.relname`,
    [schema],
  );
  const indexes = indexRows.rows.map((row) => ({
    table: row.table_name,
    name: row.index_name,
    columns: row.columns.map((c, i) => unquoteIdentifier(c) + (row.descending[i] ? " DESC" : "")),
    unique: row.is_unique,
    primary: row.is_primary,
    method: row.method,
    predicate: row.predicate,
  }));

  const fkRows = await client.query<{
    name: string;
    table_name: string;
    referenced_table: string;
    columns: string[];
    referenced_columns: string[];
    on_delete: string;
    on_update: string;
  }>(
    `SELECT con.conname AS name, t.relname AS table_name, rt.relname AS referenced_table,
            ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
            ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS referenced_columns,
            con.confdeltype AS on_delete, con.confupdtype AS on_update
       FROM pg_constraint con
       JOIN pg_class t ON t.oid = con.conrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_class rt ON rt.oid = con.confrelid
      WHERE con.contype = 'f' AND n.nspname = $1
      ORDER BY t.relname, con.conname`,
    [schema],
  );
  const foreignKeys = fkRows.rows.map((row) => ({
    name: row.name,
    table: row.table_name,
    columns: row.columns,
    referencedTable: row.referenced_table,
    referencedColumns: row.referenced_columns,
    onDelete: ACTION_NAMES[row.on_delete] ?? row.on_delete,
    onUpdate: ACTION_NAMES[row.on_update] ?? row.on_update,
  }));

  const enumRows = await client.query<{ name: string; labels: string[] }>(
    `SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = $1 GROUP BY t.typname ORDER BY t.typname`,
    [schema],
  );
  const enums = new Map(enumRows.rows.map((row) => [row.name, row.labels]));

  return { tables, indexes, foreignKeys, enums };
}

/** pg_get_indexdef quotes identifiers that need it; expressions are kept as written. */
function unquoteIdentifier(text: string): string {
  return /^"(?:[^"]|"")+"$/.test(text) ? text.slice(1, -1).replace(/""/g, '"') : text;
}

// ---------------------------------------------------------------------------------------------
// Comparison

function compare(expected: ExpectedSchema, actual: ActualSchema): DriftDifference[] {
  const out: DriftDifference[] = [];
  const sorted = <T>(values: Iterable<T>) => [...values].sort();

  for (const table of sorted(new Set([...expected.tables.keys(), ...actual.tables.keys()]))) {
    const exp = expected.tables.get(table);
    const act = actual.tables.get(table);
    if (exp && !act) {
      out.push({
        kind: "table_missing",
        table,
        expected: table,
        actual: null,
        message: `Table "${table}" (model ${exp.model}) is missing from the database`,
      });
      continue;
    }
    if (!exp && act) {
      out.push({
        kind: "table_extra",
        table,
        expected: null,
        actual: table,
        message: `Table "${table}" exists in the database but no model maps to it`,
      });
      continue;
    }
    if (!exp || !act || exp.opaque) continue;
    compareColumns(table, exp, act, out);
    compareKeysAndIndexes(
      table,
      exp,
      actual.indexes.filter((i) => i.table === table),
      out,
    );
    compareForeignKeys(
      table,
      exp,
      actual.foreignKeys.filter((f) => f.table === table),
      out,
    );
  }

  for (const name of sorted(new Set([...expected.enums.keys(), ...actual.enums.keys()]))) {
    const exp = expected.enums.get(name);
    const act = actual.enums.get(name);
    if (exp && !act) {
      out.push({
        kind: "enum_missing",
        name,
        expected: exp.join(", "),
        actual: null,
        message: `Enum type "${name}" (${exp.join(", ")}) is missing from the database`,
      });
    } else if (!exp && act) {
      out.push({
        kind: "enum_extra",
        name,
        expected: null,
        actual: act.join(", "),
        message: `Enum type "${name}" (${act.join(", ")}) exists in the database but not in the schema`,
      });
    } else if (exp && act) {
      const missing = exp.filter((v) => !act.includes(v));
      const extra = act.filter((v) => !exp.includes(v));
      if (missing.length || extra.length) {
        const parts = [
          missing.length ? `missing value${missing.length > 1 ? "s" : ""} ${missing.join(", ")}` : "",
          extra.length ? `extra value${extra.length > 1 ? "s" : ""} ${extra.join(", ")}` : "",
        ].filter(Boolean);
        out.push({
          kind: "enum_values",
          name,
          expected: exp.join(", "),
          actual: act.join(", "),
          message: `Enum type "${name}" differs: the database has ${parts.join(" and ")}`,
        });
      }
    }
  }
  return out;
}

function compareColumns(table: string, exp: ExpectedTable, act: Map<string, ActualColumn>, out: DriftDifference[]) {
  for (const column of exp.columns.values()) {
    const actual = act.get(column.name);
    const where = `Column "${table}"."${column.name}"`;
    if (!actual) {
      out.push({
        kind: "column_missing",
        table,
        column: column.name,
        expected: describeColumn(column),
        actual: null,
        message: `${where} (${describeColumn(column)}) is missing from the database`,
      });
      continue;
    }
    if (column.type !== null && column.type !== actual.type) {
      out.push({
        kind: "column_type",
        table,
        column: column.name,
        expected: column.type,
        actual: actual.type,
        message: `${where} has type ${actual.type} in the database; the schema expects ${column.type}`,
      });
    }
    if (column.nullable !== null && column.nullable !== actual.nullable) {
      const describe = (nullable: boolean) => (nullable ? "NULL" : "NOT NULL");
      out.push({
        kind: "column_nullability",
        table,
        column: column.name,
        expected: describe(column.nullable),
        actual: describe(actual.nullable),
        message: `${where} is ${actual.nullable ? "nullable" : "NOT NULL"} in the database; the schema expects it ${column.nullable ? "nullable" : "NOT NULL"}`,
      });
    }
    const def = column.default;
    if (def.kind === "none" && actual.default !== null) {
      out.push({
        kind: "column_default",
        table,
        column: column.name,
        expected: null,
        actual: actual.default,
        message: `${where} has default ${actual.default} in the database; the schema declares no database default`,
      });
    } else if ((def.kind === "any" || def.kind === "value") && actual.default === null) {
      out.push({
        kind: "column_default",
        table,
        column: column.name,
        expected: def.describe,
        actual: null,
        message: `${where} has no default in the database; the schema expects ${def.describe}`,
      });
    } else if (def.kind === "value" && actual.default !== null && !def.matches(actual.default)) {
      out.push({
        kind: "column_default",
        table,
        column: column.name,
        expected: def.describe,
        actual: actual.default,
        message: `${where} has default ${actual.default} in the database; the schema expects ${def.describe}`,
      });
    }
  }
  for (const column of act.values()) {
    if (!exp.columns.has(column.name)) {
      const described = `${column.type}${column.nullable ? "" : " NOT NULL"}${column.default !== null ? ` DEFAULT ${column.default}` : ""}`;
      out.push({
        kind: "column_extra",
        table,
        column: column.name,
        expected: null,
        actual: described,
        message: `Column "${table}"."${column.name}" (${described}) exists in the database but not in model ${exp.model}`,
      });
    }
  }
}

function describeColumn(column: ExpectedColumn): string {
  const parts = [column.type ?? "@ignore field"]; // the only columns whose type is not compared
  if (column.nullable === false) parts.push("NOT NULL");
  if (column.default.kind === "any" || column.default.kind === "value")
    parts.push(`DEFAULT ${column.default.describe}`);
  return parts.join(" ");
}

function describeIndex(index: {
  name: string;
  columns: string[];
  unique: boolean;
  method: string;
  predicate?: string | null;
}): string {
  const method = index.method === "btree" ? "" : ` USING ${index.method}`;
  return `${index.unique ? "UNIQUE " : ""}INDEX "${index.name}"${method} (${index.columns.join(", ")})${index.predicate ? ` WHERE ${index.predicate}` : ""}`;
}

/**
 * A predicate compared as text once PostgreSQL's decoration is taken off: it prints
 * `((published_at IS NULL) AND (dead_at IS NULL))` for `published_at IS NULL AND dead_at IS NULL`.
 * Parentheses, identifier quotes, case and spacing are ignored; anything else must match.
 */
function samePredicate(expected: string | undefined, actual: string | null): boolean {
  const canonical = (text: string) => text.replace(/[()"]/g, " ").replace(/\s+/g, " ").trim().toLowerCase();
  if (!expected || !actual) return !expected && !actual;
  return canonical(expected) === canonical(actual);
}

function compareKeysAndIndexes(table: string, exp: ExpectedTable, act: ActualIndex[], out: DriftDifference[]) {
  const pk = act.find((i) => i.primary);
  if (exp.primaryKey && !pk) {
    out.push({
      kind: "primary_key_missing",
      table,
      name: exp.primaryKey.name,
      expected: `(${exp.primaryKey.columns.join(", ")})`,
      actual: null,
      message: `Table "${table}" has no primary key in the database; the schema expects "${exp.primaryKey.name}" (${exp.primaryKey.columns.join(", ")})`,
    });
  } else if (!exp.primaryKey && pk) {
    out.push({
      kind: "primary_key_extra",
      table,
      name: pk.name,
      expected: null,
      actual: `(${pk.columns.join(", ")})`,
      message: `Table "${table}" has primary key "${pk.name}" (${pk.columns.join(", ")}) in the database but none in the schema`,
    });
  } else if (exp.primaryKey && pk) {
    const expectedCols = exp.primaryKey.columns.join(", ");
    const actualCols = pk.columns.join(", ");
    if (expectedCols !== actualCols || exp.primaryKey.name !== pk.name) {
      out.push({
        kind: "primary_key_changed",
        table,
        name: exp.primaryKey.name,
        expected: `"${exp.primaryKey.name}" (${expectedCols})`,
        actual: `"${pk.name}" (${actualCols})`,
        message: `Table "${table}" has primary key "${pk.name}" (${actualCols}) in the database; the schema expects "${exp.primaryKey.name}" (${expectedCols})`,
      });
    }
  }

  const actualIndexes = act.filter((i) => !i.primary);
  const same = (e: ExpectedIndex, a: ActualIndex) =>
    e.unique === a.unique &&
    e.method === a.method &&
    samePredicate(e.predicate, a.predicate) &&
    e.columns.join(",") === a.columns.join(",");
  const matched = new Set<ActualIndex>();
  const unmatchedExpected: ExpectedIndex[] = [];
  for (const index of exp.indexes) {
    const byName = actualIndexes.find((a) => a.name === index.name);
    if (byName) {
      matched.add(byName);
      if (!same(index, byName)) {
        out.push({
          kind: "index_changed",
          table,
          name: index.name,
          expected: describeIndex(index),
          actual: describeIndex(byName),
          message: `Index "${index.name}" on "${table}" is ${describeIndex(byName)} in the database; the schema expects ${describeIndex(index)}`,
        });
      }
    } else {
      unmatchedExpected.push(index);
    }
  }
  for (const index of unmatchedExpected) {
    // Same definition under another name: one "renamed" difference instead of missing + extra.
    const renamed = actualIndexes.find(
      (a) => !matched.has(a) && !exp.indexes.some((e) => e.name === a.name) && same(index, a),
    );
    if (renamed) {
      matched.add(renamed);
      out.push({
        kind: "index_changed",
        table,
        name: index.name,
        expected: describeIndex(index),
        actual: describeIndex(renamed),
        message: `Index "${renamed.name}" on "${table}" should be named "${index.name}" (same columns: ${index.columns.join(", ")})`,
      });
    } else {
      out.push({
        kind: "index_missing",
        table,
        name: index.name,
        expected: describeIndex(index),
        actual: null,
        message: `${index.unique ? "Unique index" : "Index"} "${index.name}" on "${table}" (${index.columns.join(", ")}) is missing from the database`,
      });
    }
  }
  for (const index of actualIndexes) {
    if (matched.has(index)) continue;
    out.push({
      kind: "index_extra",
      table,
      name: index.name,
      expected: null,
      actual: describeIndex(index),
      message: `${index.unique ? "Unique index" : "Index"} "${index.name}" on "${table}" (${index.columns.join(", ")}) exists in the database but not in the schema`,
    });
  }
}

function compareForeignKeys(table: string, exp: ExpectedTable, act: ActualForeignKey[], out: DriftDifference[]) {
  const target = (fk: { columns: string[]; referencedTable: string; referencedColumns: string[] }) =>
    `(${fk.columns.join(", ")}) REFERENCES "${fk.referencedTable}"(${fk.referencedColumns.join(", ")})`;
  const actions = (fk: { onDelete: string; onUpdate: string }) => `ON DELETE ${fk.onDelete} ON UPDATE ${fk.onUpdate}`;
  const remaining = [...act];
  for (const fk of exp.foreignKeys) {
    const index = remaining.findIndex((a) => target(a) === target(fk));
    if (index < 0) {
      out.push({
        kind: "foreign_key_missing",
        table,
        expected: `${target(fk)} ${actions(fk)}`,
        actual: null,
        message: `Foreign key on "${table}" ${target(fk)} is missing from the database`,
      });
      continue;
    }
    const [found] = remaining.splice(index, 1) as [ActualForeignKey];
    if (actions(found) !== actions(fk)) {
      out.push({
        kind: "foreign_key_changed",
        table,
        name: found.name,
        expected: actions(fk),
        actual: actions(found),
        message: `Foreign key "${found.name}" on "${table}" ${target(fk)} has ${actions(found)} in the database; the schema expects ${actions(fk)}`,
      });
    }
  }
  for (const fk of remaining) {
    out.push({
      kind: "foreign_key_extra",
      table,
      name: fk.name,
      expected: null,
      actual: `${target(fk)} ${actions(fk)}`,
      message: `Foreign key "${fk.name}" on "${table}" ${target(fk)} exists in the database but not in the schema`,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Files

async function readSchemaFiles(schemaPath: string): Promise<[string, string][]> {
  const stat = await fs.stat(schemaPath).catch(() => null);
  if (!stat) throw new Error(`Prisma schema not found: ${schemaPath}`);
  const files: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== "node_modules") await walk(full);
      else if (entry.isFile() && entry.name.endsWith(".prisma")) files.push(full);
    }
  };
  if (stat.isDirectory()) await walk(schemaPath);
  else files.push(schemaPath);
  if (files.length === 0) throw new Error(`No .prisma file in ${schemaPath}`);
  const base = stat.isDirectory() ? schemaPath : path.dirname(schemaPath);
  files.sort();
  return Promise.all(
    files.map(async (file) => [path.relative(base, file), await fs.readFile(file, "utf8")] as [string, string]),
  );
}

async function readOrNull(file: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path.join(dir, entry.name), relative)));
    else out.push(relative);
  }
  return out.sort();
}

// ---------------------------------------------------------------------------------------------
// Prisma's schema parser (WASM), loaded without its bundled JS glue

interface PrismaSchemaWasm {
  getDatamodel(files: [string, string][]): DmmfDatamodel;
}

// Node has the WebAssembly global, but our lib settings (ES2023, no DOM) do not type it.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmTable {
  get(index: number): unknown;
  set(index: number, value: unknown): void;
  grow(delta: number): number;
}
type WasmModule = object;
declare const WebAssembly: {
  Module: {
    new (bytes: Uint8Array): WasmModule;
    imports(module: WasmModule): { module: string; name: string; kind: string }[];
  };
  Instance: new (
    module: WasmModule,
    imports: Record<string, Record<string, unknown>>,
  ) => { exports: Record<string, unknown> };
};

/** Thrown when Prisma rejects the schema (its P1012 validation errors, verbatim). */
export class PrismaSchemaError extends Error {
  override readonly name = "PrismaSchemaError";
}

let cachedWasm: { path: string; api: PrismaSchemaWasm } | undefined;

function prismaSchemaWasm(explicitPath?: string): PrismaSchemaWasm {
  const wasmPath = explicitPath ?? defaultWasmPath();
  if (cachedWasm?.path === wasmPath) return cachedWasm.api;
  const api = loadPrismaSchemaWasm(wasmPath);
  cachedWasm = { path: wasmPath, api };
  return api;
}

function defaultWasmPath(): string {
  let packageJson: string;
  try {
    packageJson = require.resolve("prisma/package.json", { paths: [process.cwd(), __dirname] });
  } catch {
    throw new Error(
      "The prisma CLI package is not installed: drift checks read schemas with its prisma_schema_build_bg.wasm",
    );
  }
  return path.join(path.dirname(packageJson), "build", "prisma_schema_build_bg.wasm");
}

/**
 * A minimal wasm-bindgen host for prisma_schema_build_bg.wasm. Its imports are four helpers
 * whose names carry a build hash, so they are matched by prefix; exported functions take a
 * UTF-8 string (ptr, len) and return [ptr, len, errorRef, isError].
 */
function loadPrismaSchemaWasm(wasmPath: string): PrismaSchemaWasm {
  const wasmModule = new WebAssembly.Module(readFileSync(wasmPath));
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true, fatal: true });
  const encoder = new TextEncoder();
  let panicMessage: string | undefined;
  const text = (ptr: number, len: number) => decoder.decode(new Uint8Array(wasm.memory.buffer, ptr >>> 0, len));
  const fn = <T extends (...args: never[]) => unknown>(name: string) => wasm[name] as T;

  const imports: Record<string, Record<string, (...args: number[]) => unknown>> = {};
  for (const { module: from, name } of WebAssembly.Module.imports(wasmModule)) {
    let impl: (...args: number[]) => unknown;
    if (name.startsWith("__wbg_set_message_"))
      impl = (ptr, len) => {
        panicMessage = text(ptr, len);
      };
    else if (name.startsWith("__wbg_Error_")) impl = (ptr, len) => new Error(text(ptr, len));
    else if (name.startsWith("__wbg___wbindgen_throw_"))
      impl = (ptr, len) => {
        throw new Error(text(ptr, len));
      };
    else if (name === "__wbindgen_init_externref_table") {
      impl = () => {
        const table = wasm.__wbindgen_externrefs as WasmTable;
        const offset = table.grow(4);
        table.set(0, undefined);
        table.set(offset, undefined);
        table.set(offset + 1, null);
        table.set(offset + 2, true);
        table.set(offset + 3, false);
      };
    } else {
      impl = () => {
        throw new Error(
          `prisma_schema_build_bg.wasm called ${name}, which this loader does not provide (prisma version change?)`,
        );
      };
    }
    (imports[from] ??= {})[name] = impl;
  }
  // The imports above only run once this is set (wasm-bindgen starts explicitly, below).
  const wasm = new WebAssembly.Instance(wasmModule, imports).exports as Record<string, unknown> & {
    memory: WasmMemory;
  };
  fn<() => void>("__wbindgen_start")();

  const call = (exportName: string, input: string): string => {
    const bytes = encoder.encode(input);
    const ptr = fn<(size: number, align: number) => number>("__wbindgen_malloc")(bytes.length, 1) >>> 0;
    new Uint8Array(wasm.memory.buffer, ptr, bytes.length).set(bytes);
    let result: number[];
    try {
      result = fn<(p: number, l: number) => number[]>(exportName)(ptr, bytes.length);
    } catch (error) {
      cachedWasm = undefined; // a Rust panic leaves the instance unusable
      throw new Error(`Prisma's schema parser crashed${panicMessage ? `: ${panicMessage}` : ""}`, { cause: error });
    }
    const [outPtr = 0, outLen = 0, errorRef = 0, isError = 0] = result;
    if (isError) {
      const table = wasm.__wbindgen_externrefs as WasmTable;
      const error = table.get(errorRef) as unknown;
      fn<(i: number) => void>("__externref_table_dealloc")(errorRef);
      throw new PrismaSchemaError(prismaErrorMessage(error));
    }
    try {
      return text(outPtr, outLen);
    } finally {
      fn<(p: number, l: number, a: number) => void>("__wbindgen_free")(outPtr, outLen, 1);
    }
  };

  return {
    getDatamodel(files) {
      const input = JSON.stringify({ prismaSchema: files, noColor: true });
      // get_datamodel is the datamodel part of get_dmmf, without the client schema it also builds.
      if (typeof wasm.get_datamodel === "function") return JSON.parse(call("get_datamodel", input)) as DmmfDatamodel;
      return (JSON.parse(call("get_dmmf", input)) as { datamodel: DmmfDatamodel }).datamodel;
    },
  };
}

function prismaErrorMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  try {
    const parsed = JSON.parse(raw) as { message?: string };
    return parsed.message ?? raw;
  } catch {
    return raw;
  }
}
