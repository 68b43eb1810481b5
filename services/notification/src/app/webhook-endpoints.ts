import { randomBytes } from "node:crypto";
import {
  createOnce,
  ValidationError,
  createdAtIdCursor,
  keysetPage,
  requestFingerprint,
  uuidv7,
} from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import type { NotificationDeps } from "./deps.js";
import { idempotencyKeyReused, webhookEndpointNotFound } from "./errors.js";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** https only; plain http to this machine outside production (a receiver under development). */
export function checkWebhookUrl(raw: string, production: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ValidationError([{ path: "url", message: "not a URL" }]);
  }
  if (url.username || url.password) throw new ValidationError([{ path: "url", message: "must not carry credentials" }]);
  if (url.protocol === "https:") return url.toString();
  if (url.protocol === "http:" && !production && LOCAL_HOSTS.has(url.hostname)) return url.toString();
  throw new ValidationError([
    {
      path: "url",
      message: production
        ? "must be an https:// URL"
        : "must be an https:// URL (http:// only for localhost or 127.0.0.1)",
    },
  ]);
}

const endpointView = (row: {
  id: string;
  url: string;
  eventTypes: string[];
  createdAt: Date;
  disabledAt: Date | null;
}) => ({
  id: row.id,
  url: row.url,
  eventTypes: row.eventTypes,
  createdAt: row.createdAt.toISOString(),
  disabledAt: row.disabledAt?.toISOString() ?? null,
});

/**
 * Registers an endpoint and answers its signing secret. Idempotent by (vendor, Idempotency-Key)
 * when a key is given: a retry answers the same endpoint and secret, the key with another body is
 * refused (409); of two concurrent calls with one key the unique index (vendor_id,
 * idempotency_key) lets one insert and the other reads the winner back.
 */
export async function createWebhookEndpoint(
  deps: Pick<NotificationDeps, "db" | "clock" | "config">,
  vendorId: string,
  input: { url: string; eventTypes: string[] },
  idempotencyKey?: string,
) {
  const db = deps.db.client;
  const url = checkWebhookUrl(input.url, deps.config.NODE_ENV === "production");
  const fingerprint = requestFingerprint("CreateWebhookEndpoint", input);
  const replay = async (key: string) => {
    const previous = await db.webhookEndpoint.findUnique({
      where: { vendorId_idempotencyKey: { vendorId, idempotencyKey: key } },
    });
    if (previous && previous.requestFingerprint !== fingerprint) throw idempotencyKeyReused();
    return previous ? { ...endpointView(previous), secret: previous.secret } : undefined;
  };
  const create = async () => {
    const now = deps.clock.now();
    const secret = `whsec_${randomBytes(24).toString("base64url")}`;
    const row = await db.webhookEndpoint.create({
      data: {
        id: uuidv7(now.getTime()),
        vendorId,
        url,
        eventTypes: [...new Set(input.eventTypes)],
        secret,
        createdAt: now,
        idempotencyKey: idempotencyKey ?? null,
        requestFingerprint: idempotencyKey !== undefined ? fingerprint : null,
      },
    });
    return { ...endpointView(row), secret };
  };
  return idempotencyKey === undefined ? create() : createOnce(() => replay(idempotencyKey), create);
}

export async function listWebhookEndpoints(db: Db, vendorId: string) {
  const rows = await db.webhookEndpoint.findMany({
    where: { vendorId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return { items: rows.map(endpointView), nextCursor: null };
}

export async function disableWebhookEndpoint(
  deps: Pick<NotificationDeps, "db" | "clock">,
  vendorId: string,
  endpointId: string,
): Promise<void> {
  const db = deps.db.client;
  const found = await db.webhookEndpoint.findFirst({ where: { id: endpointId, vendorId } });
  if (!found) throw webhookEndpointNotFound(endpointId);
  await db.webhookEndpoint.updateMany({
    where: { id: endpointId, vendorId, disabledAt: null },
    data: { disabledAt: deps.clock.now() },
  });
}

/** An endpoint's deliveries, newest first, a page at a time (keyset pagination), each with its attempts. */
export async function listWebhookDeliveries(
  db: Db,
  vendorId: string,
  endpointId: string,
  query: { limit: number; cursor?: string },
) {
  const endpoint = await db.webhookEndpoint.findFirst({ where: { id: endpointId, vendorId }, select: { id: true } });
  if (!endpoint) throw webhookEndpointNotFound(endpointId);
  const after = query.cursor === undefined ? undefined : createdAtIdCursor.decode(query.cursor);
  const rows = await db.webhookDelivery.findMany({
    where: {
      endpointId,
      ...(after
        ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    include: { attemptLog: { orderBy: [{ at: "asc" }, { id: "asc" }] } },
  });
  const { rows: page, nextCursor } = keysetPage(rows, query.limit, createdAtIdCursor.encode);
  return {
    items: page.map((row) => ({
      id: row.id,
      eventId: row.eventId,
      eventType: row.eventType,
      status: row.status as "pending" | "delivered" | "failed",
      attempts: row.attemptLog.map((attempt) => ({
        at: attempt.at.toISOString(),
        statusCode: attempt.statusCode,
        error: attempt.error,
        durationMs: attempt.durationMs,
      })),
      lastStatusCode: row.lastStatusCode,
      lastError: row.lastError,
      createdAt: row.createdAt.toISOString(),
      deliveredAt: row.deliveredAt?.toISOString() ?? null,
    })),
    nextCursor,
  };
}
