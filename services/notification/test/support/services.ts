import { randomUUID } from "node:crypto";
import { join } from "node:path";
import {
  VendorApplicationSubmittedV1,
  VendorApprovedV1,
  VendorBankDetailsVerifiedV1,
  type EventData,
  type EventDefinition,
  type EventEnvelope,
} from "@mkt/contracts";
import type { Clock } from "@mkt/service-kit";
import { startServiceForTest, type ServiceUnderTest } from "@mkt/testing";
import { EmailDelivery, notificationService, type Db } from "../../src/bootstrap.js";
import type { NotificationConfig } from "../../src/app/deps.js";

import type { Json } from "@mkt/testing";

export type { Json };
export type NotificationUnderTest = ServiceUnderTest<Db, NotificationConfig>;

export const AMQP_URL = process.env.AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672";

export function startNotification(
  namespace: string,
  env: Record<string, string>,
  options: { clock?: Clock } = {},
): Promise<NotificationUnderTest> {
  return startServiceForTest(notificationService, {
    namespace,
    migrationsDir: join(__dirname, "../../prisma/migrations"),
    env,
    ...options,
  });
}

export function emailDeliveryOf(service: NotificationUnderTest): EmailDelivery {
  const delivery = service.service.workers.find((worker): worker is EmailDelivery => worker instanceof EmailDelivery);
  if (!delivery) throw new Error("the notification service runs no email delivery");
  return delivery;
}

export async function post(
  base: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body ?? {}),
  });
  return { status: response.status, body: await response.json() };
}

export async function get(base: string, path: string): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${base}${path}`);
  return { status: response.status, body: await response.json() };
}

let sequence = 0;
/** An application with its own contact address, so each test finds its own emails. */
export function application(legalName = "Nuage Souverain SAS") {
  sequence += 1;
  return {
    legalName,
    publicContact: {
      email: `ventes+${process.pid}-${sequence}@nuage.example`,
      phone: "+33 1 84 00 00 00",
      supportUrl: "https://support.nuage.example",
    },
  };
}

/**
 * Publishes events as their producer does: recorded in one transaction through an outbox (here
 * the started notification service's), then relayed to JetStream. Several events given together
 * share the transaction, as vendor-kyc's approval emits vendor.approved with
 * vendor.bank-details-verified. Returns their envelopes, as they go on the wire.
 */
export async function publishTogether(
  service: NotificationUnderTest,
  events: { definition: EventDefinition; data: unknown }[],
): Promise<EventEnvelope[]> {
  const { db, outbox } = service.service.deps;
  return db.client.$transaction(async (tx) => {
    const envelopes: EventEnvelope[] = [];
    for (const { definition, data } of events)
      envelopes.push(await outbox.add(tx, definition, data as EventData<typeof definition>));
    return envelopes;
  });
}

export async function publish<D extends EventDefinition>(
  service: NotificationUnderTest,
  definition: D,
  data: EventData<D>,
): Promise<EventEnvelope<EventData<D>>> {
  const [envelope] = await publishTogether(service, [{ definition, data }]);
  return envelope as EventEnvelope<EventData<D>>;
}

/**
 * The same event delivered again, past the broker's dedupe (another Nats-Msg-Id), as after a
 * producer's outbox republish or a consumer's lost ack: the inbox must drop it.
 */
export async function redeliver(
  service: NotificationUnderTest,
  definition: EventDefinition,
  envelope: EventEnvelope,
): Promise<void> {
  const { bus } = service.service;
  await bus.js.publish(bus.wireSubject(definition.subject), JSON.stringify(envelope), { msgID: randomUUID() });
}

/**
 * vendor-kyc as this service hears it: its events, published through an outbox. The tests of
 * this service depend on the event contracts only, not on vendor-kyc's HTTP API (the journey
 * across real processes is e2e's).
 */
export class VendorKycEvents {
  private readonly vendors = new Map<string, ReturnType<typeof application>>();
  constructor(private readonly service: NotificationUnderTest) {}

  /** A KYC file submitted for review (the first time or again): vendor.application-submitted. */
  async submit(
    body = application(),
    vendorId: string = randomUUID(),
  ): Promise<{
    vendorId: string;
    email: string;
    envelope: EventEnvelope<EventData<typeof VendorApplicationSubmittedV1>>;
  }> {
    this.vendors.set(vendorId, body);
    const envelope = await publish(this.service, VendorApplicationSubmittedV1, {
      vendorId,
      ...body,
      submittedAt: new Date().toISOString(),
    });
    return { vendorId, email: body.publicContact.email, envelope };
  }

  /** An approval: vendor.approved and vendor.bank-details-verified (`reason: "approval"`), in one transaction. */
  async approve(vendorId: string, bankAccount = BANK_ACCOUNT): Promise<void> {
    const vendor = this.vendors.get(vendorId);
    if (!vendor) throw new Error(`no application submitted for ${vendorId}`);
    const at = new Date().toISOString();
    await publishTogether(this.service, [
      {
        definition: VendorApprovedV1,
        data: { vendorId, ...vendor, approvedAt: at } satisfies EventData<typeof VendorApprovedV1>,
      },
      {
        definition: VendorBankDetailsVerifiedV1,
        data: { vendorId, ...vendor, bankAccount, verifiedAt: at, reason: "approval" } satisfies EventData<
          typeof VendorBankDetailsVerifiedV1
        >,
      },
    ]);
  }
}

/** A valid French IBAN (checksum included) and its last 4 characters, as the contracts carry them. */
export const BANK_ACCOUNT = {
  iban: "FR7630006000011234567890189",
  holderName: "Nuage Souverain SAS",
  ibanLast4: "0189",
};
