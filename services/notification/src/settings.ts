import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";

/** `<repo>/.data/mail` (gitignored) when run from the repository; `./.data/mail` elsewhere (an image). */
function defaultDropDir(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, "turbo.json"))) return join(dir, ".data", "mail");
  }
  return resolve(".data", "mail");
}

const milliseconds = z.coerce.number().int().min(1);

/** The notification service's own settings (validated with the platform's at start). */
export const notificationSettings = {
  /** RabbitMQ, for the delivery queues of outbound emails and webhooks (src/delivery/queue.ts). */
  AMQP_URL: z
    .string()
    .regex(/^amqps?:\/\//, "must be an amqp:// URL")
    .default("amqp://guest:guest@127.0.0.1:5672"),
  /**
   * smtp://user:pass@host:587 or smtps://…:465 (nodemailer URL; query options such as ?ignoreTLS=true apply). Unset:
   * emails are written to MAIL_DROP_DIR.
   */
  SMTP_URL: z
    .string()
    .trim()
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  MAIL_FROM: z.string().min(3).default("Marketplace <no-reply@marketplace.localhost>"),
  /** Where emails go as `<notification id>.eml` files when SMTP_URL is unset. */
  MAIL_DROP_DIR: z.string().min(1).default(defaultDropDir()),
  /** The address emails give for questions. */
  SUPPORT_EMAIL: z.email().default("support@marketplace.localhost"),
  // Emails link to web pages people open in a browser (docs/web-routes.md), never to the JSON APIs.
  // Each gateway serves its future web application at its root, hence the defaults.
  /** The storefront web application: buyers' emails link to its `/purchases/{orderId}`. */
  STOREFRONT_WEB_URL: z.url().default("http://localhost:8080"),
  /** The vendor portal: vendors' emails link to its `/orders/{orderId}`, `/listings`, `/kyc`. */
  VENDOR_PORTAL_URL: z.url().default("http://localhost:8081"),
  /** The back office web application: operators' emails link to its `/orders/{orderId}`. */
  BACKOFFICE_WEB_URL: z.url().default("http://localhost:8082"),
  /** Where operators are told of overdue orders. */
  OPERATIONS_EMAIL: z.email().default("ops@marketplace.localhost"),
  /** Delay before each retry of a failed send, comma-separated; attempts = delays + 1. */
  MAIL_RETRY_DELAYS_MS: z
    .string()
    .default("1000,5000,30000,120000,600000")
    .transform((list) =>
      list
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean)
        .map(Number),
    )
    .pipe(z.array(z.number().int().min(1)).min(1, "give at least one delay")),
  /** Emails sent at the same time by one replica. */
  MAIL_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** How long one SMTP exchange may take before the attempt counts as failed. */
  SMTP_TIMEOUT_MS: milliseconds.default(20_000),
  /** Delay before each retry of a failed webhook delivery, comma-separated; attempts = delays + 1. */
  WEBHOOK_RETRY_DELAYS_MS: z
    .string()
    .default("10000,60000,600000,3600000,21600000")
    .transform((list) =>
      list
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean)
        .map(Number),
    )
    .pipe(z.array(z.number().int().min(1)).min(1, "give at least one delay")),
  /** How long a webhook receiver has to answer one POST. */
  WEBHOOK_TIMEOUT_MS: milliseconds.default(10_000),
  /**
   * A job handed to RabbitMQ whose email or webhook is still not done this long after it was due
   * (after the hand-over, or after its next retry's delay) is taken as lost by the broker and
   * handed over again. On the service's clock. Default 15 minutes.
   */
  DELIVERY_REDELIVER_AFTER_MS: milliseconds.default(15 * 60_000),
  /** Webhook POSTs in flight at the same time in one replica (the queue's prefetch). */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
};
