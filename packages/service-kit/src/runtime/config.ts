import { isIP } from "node:net";
import { z } from "zod";

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super("invalid configuration:\n" + problems.map((p) => `  - ${p.variable}: ${p.message}`).join("\n"));
    this.name = "ConfigError";
  }
}

const optionalUrl = z
  .string()
  .trim()
  .min(1)
  .optional()
  .or(z.literal("").transform(() => undefined));
const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);
const isProxyAddress = (entry: string): boolean => {
  if (PROXY_NAMES.has(entry)) return true;
  const [address, bits, extra] = entry.split("/");
  if (extra !== undefined || !address || isIP(address) === 0) return false;
  if (bits === undefined) return true;
  const max = isIP(address) === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
};

/**
 * Express's `trust proxy` from the TRUST_PROXY setting: `false` (nobody: the socket's peer is the
 * client, X-Forwarded-For is ignored), a number of proxy hops, or the proxies' addresses.
 */
export const trustProxySetting = z
  .string()
  .trim()
  .default("")
  .transform((text, ctx): false | number | string[] => {
    if (text === "" || text === "false") return false;
    if (/^\d+$/.test(text)) return Number(text);
    const entries = text
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean);
    const bad = entries.filter((entry) => !isProxyAddress(entry));
    if (bad.length > 0 || entries.length === 0) {
      ctx.addIssue({
        code: "custom",
        message: `${text === "true" ? "true would believe any client's X-Forwarded-For; " : ""}expected a hop count, or addresses, CIDR ranges, loopback, linklocal or uniquelocal, comma-separated (not: ${bad.join(", ") || text})`,
      });
      return z.NEVER;
    }
    return entries;
  });

const toggle = z
  .enum(["enabled", "disabled", ""])
  .default("disabled")
  .transform((v) => v === "enabled");

/** Settings every service reads. Services extend it with their own (see createService). */
export const platformSettings = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  NATS_URL: z.string().min(1).default("nats://127.0.0.1:4222"),
  /** Prefix for every stream and subject; empty in production, unique per test run. */
  BUS_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9_]*$/, "lower-case letters, digits and _ only")
    .default(""),
  SERVICE_REPLICA: z.coerce.number().int().min(0).default(0),
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl,
  /** Test-only controls (moving the clock). Refused in production, see loadConfig. */
  TEST_CONTROLS: toggle,
  HTTP_BODY_LIMIT: z.string().default("1mb"),
  /** Browser origins allowed to call this API cross-origin, comma-separated; empty = no CORS headers at all. */
  CORS_ORIGINS: z
    .string()
    .default("")
    .transform((list) =>
      list
        .split(",")
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(/^https?:\/\/[^/\s]+$/, "each origin is scheme://host[:port], without a path or trailing slash"),
      ),
    ),
  /**
   * The reverse proxies whose X-Forwarded-For tells the client's address (login throttling, logs):
   * empty = none, the socket's peer is the client and the header is ignored; `1` = one hop (the
   * proxy in front of us, whatever its address); or its addresses / CIDR ranges / `loopback`,
   * comma-separated. Set it behind a proxy, or every client shares the proxy's address.
   */
  TRUST_PROXY: trustProxySetting,
  OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(200),
  /** Pace of the pollers that still poll (notification's dispatchers); the kit's relay does not. */
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).default(500),
  /**
   * The relay's safety poll. It is woken by local commits, by the database's notifications
   * (another replica, a CLI) and by the leases and retries it knows of; this only bounds how long
   * a row claimed by a replica that died before its lease was seen can wait. Idle, it costs one
   * statement per period.
   */
  OUTBOX_SAFETY_POLL_MS: z.coerce.number().int().min(10).default(60_000),
  /**
   * Failed publish attempts after which an outbox row is marked dead (kept, skipped, listed by
   * `npm run dead-letters -- outbox list`). Retries wait 1 s doubling to 5 min: 20 attempts ≈ 1 hour.
   */
  OUTBOX_MAX_PUBLISH_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(20),
  /** How long published outbox rows are kept, and so how far back they can be re-published. */
  OUTBOX_RETENTION_DAYS: z.coerce.number().min(0).default(7),
  /**
   * Must stay >= OUTBOX_RETENTION_DAYS of every producer: a re-published event older than the inbox would apply twice.
   */
  INBOX_RETENTION_DAYS: z.coerce.number().min(1).default(30),
  CONSUMER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /**
   * Most waiting messages one consumer handles in one transaction (one inbox statement for them
   * all); never more than CONSUMER_CONCURRENCY, the messages in flight.
   */
  CONSUMER_BATCH_SIZE: z.coerce.number().int().min(1).max(256).default(64),
  CONSUMER_MAX_DELIVER: z.coerce.number().int().min(1).max(100).default(6),
  CONSUMER_BACKOFF_MS: z.coerce.number().int().min(0).default(500),
  /**
   * The timer runner's safety poll. It sleeps until the earliest pending due time and is woken
   * by schedules (local ones and, through the database's notifications, other processes') and by
   * moves of a ControllableClock; this only bounds how long a timer left due by a replica that
   * died while firing it waits. Idle, it costs one statement per period.
   */
  TIMER_POLL_MS: z.coerce.number().int().min(10).default(60_000),
  /** Most due timers fired in one transaction (each handler in its own savepoint). */
  TIMER_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(50),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(15000),
});
export type PlatformSettings = z.infer<typeof platformSettings>;

export const databaseSettings = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
});

/**
 * Reads settings from the environment and fails with every bad variable named at once.
 * Test controls can never be switched on in production.
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? "?"), message: issue.message })),
    );
  }
  const config = result.data as z.infer<S> & Partial<PlatformSettings>;
  if (config.TEST_CONTROLS && config.NODE_ENV === "production") {
    throw new ConfigError([
      { variable: "TEST_CONTROLS", message: "test controls cannot be enabled when NODE_ENV=production" },
    ]);
  }
  return config;
}
