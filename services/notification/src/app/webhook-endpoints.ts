import { randomBytes } from "node:crypto";
import {
  ConflictError,
  NotFoundError,
  createOnce,
  ValidationError,
  createdAtIdCursor,
  keysetPage,
  requestFingerprint,
  uuidv7,
} from "@mkt/service-kit";
import type { Db } from "../db/client.js";

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
  deps: { db: Db; now: () => Date; production: boolean },
  vendorId: string,
  input: { url: string; eventTypes: string[] },
  idempotencyKey?: string,
) {
  const url = checkWebhookUrl(input.url, deps.production);
  const fingerprint = requestFingerprint("CreateWebhookEndpoint", input);
  const replay = async (key: string) => {
    const previous = await deps.db.webhookEndpoint.findUnique({
      where: { vendorId_idempotencyKey: { vendorId, idempotencyKey: key } },
    });
    if (previous && previous.requestFingerprint !== fingerprint) throw idempotencyKeyReused();
    return previous ? { ...endpointView(previous), secret: previous.secret } : undefined;
  };
  const create = async () => {
    const now = deps.now();
    const secret = `whsec_${randomBytes(24).toString("base64url")}`;
    const row = await deps.db.webhookEndpoint.create({
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

const idempotencyKeyReused = () =>
  new ConflictError(
    "idempotency-key-reused",
    "This Idempotency-Key was already used to register a webhook endpoint with another body: use a new key for a new endpoint.",
  );

export async function listWebhookEndpoints(db: Db, vendorId: string) {
  const rows = await db.webhookEndpoint.findMany({
    where: { vendorId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return { items: rows.map(endpointView), nextCursor: null };
}

export async function disableWebhookEndpoint(
  deps: { db: Db; now: () => Date },
  vendorId: string,
  endpointId: string,
): Promise<void> {
  const found = await deps.db.webhookEndpoint.findFirst({ where: { id: endpointId, vendorId } });
  if (!found) throw new NotFoundError("Webhook endpoint", endpointId);
  await deps.db.webhookEndpoint.updateMany({
    where: { id: endpointId, vendorId, disabledAt: null },
    data: { disabledAt: deps.now() },
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
  if (!endpoint) throw new NotFoundError("Webhook endpoint", endpointId);
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
