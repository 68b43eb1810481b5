import {
  BuyerProfileUpdatedV1,
  BuyerRegisteredV1,
  DEFAULT_TIME_ZONE,
  type Address,
  type FieldIssue,
  type TokenPair,
} from "@mkt/contracts";
import { NotFoundError, ValidationError, uuidv7, isUniqueViolation } from "@mkt/service-kit";
import { hashPassword, type AccessClaims } from "@mkt/gateway-kit";
import type { z } from "zod";
import type { Buyer } from "../generated/prisma/client.js";
import type { BuyerProfile, ProfileChanges, SignupInput } from "../http/endpoints.js";
import type { StorefrontDeps } from "./deps.js";
import { emailTaken } from "./errors.js";

export const claimsOf = (buyer: { id: string }): AccessClaims => ({ sub: buyer.id, role: "buyer" });

/** The billing address as its five columns hold it: all set, or none. */
export function addressOf(buyer: Buyer): Address | null {
  if (
    buyer.addressLine1 === null ||
    buyer.addressPostalCode === null ||
    buyer.addressCity === null ||
    buyer.addressCountry === null
  )
    return null;
  return {
    line1: buyer.addressLine1,
    ...(buyer.addressLine2 !== null ? { line2: buyer.addressLine2 } : {}),
    postalCode: buyer.addressPostalCode,
    city: buyer.addressCity,
    country: buyer.addressCountry,
  };
}

/** An address (or its removal, null) as the five columns store it. */
function addressColumns(address: Address | null) {
  return {
    addressLine1: address?.line1 ?? null,
    addressLine2: address?.line2 || null,
    addressPostalCode: address?.postalCode ?? null,
    addressCity: address?.city ?? null,
    addressCountry: address?.country ?? null,
  };
}

/** What buyer.* events carry: the identity as it now is, nothing secret. */
function identityOf(buyer: Buyer) {
  const address = addressOf(buyer);
  const common = {
    buyerId: buyer.id,
    email: buyer.email,
    locale: buyer.locale as "fr" | "en",
    ...(address ? { address } : {}),
    ...(buyer.timeZone ? { timeZone: buyer.timeZone } : {}),
  };
  return buyer.kind === "company"
    ? {
        ...common,
        kind: "company" as const,
        legalName: buyer.legalName!,
        registrationNumber: buyer.registrationNumber!,
        ...(buyer.vatNumber ? { vatNumber: buyer.vatNumber } : {}),
      }
    : { ...common, kind: "individual" as const, name: buyer.name! };
}

export function presentBuyer(buyer: Buyer): BuyerProfile {
  return {
    id: buyer.id,
    email: buyer.email,
    kind: buyer.kind as "company" | "individual",
    locale: buyer.locale as "fr" | "en",
    legalName: buyer.legalName,
    registrationNumber: buyer.registrationNumber,
    vatNumber: buyer.vatNumber,
    name: buyer.name,
    address: addressOf(buyer),
    timeZone: buyer.timeZone ?? DEFAULT_TIME_ZONE,
    createdAt: buyer.createdAt.toISOString(),
    updatedAt: buyer.updatedAt.toISOString(),
  };
}

/**
 * Creates the account, its first session and buyer.registered in one transaction: the rest of the
 * marketplace hears of the buyer if, and only if, the account exists.
 */
export async function signUp(
  deps: StorefrontDeps,
  input: z.output<typeof SignupInput>,
): Promise<{ buyer: BuyerProfile; tokens: TokenPair }> {
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now();
  try {
    return await deps.db.transaction(async (tx) => {
      const buyer = await tx.buyer.create({
        data: {
          id: uuidv7(now.getTime()),
          email: input.email,
          passwordHash,
          kind: input.kind,
          locale: input.locale,
          legalName: input.kind === "company" ? input.legalName : null,
          registrationNumber: input.kind === "company" ? input.registrationNumber : null,
          vatNumber: input.kind === "company" ? (input.vatNumber ?? null) : null,
          name: input.kind === "individual" ? input.name : null,
          ...addressColumns(input.address ?? null),
          timeZone: input.timeZone ?? null,
          createdAt: now,
          updatedAt: now,
        },
      });
      await deps.outbox.add(tx, BuyerRegisteredV1, { ...identityOf(buyer), registeredAt: now.toISOString() });
      const refresh = await deps.identity.sessions.start(tx, buyer.id);
      const access = await deps.identity.tokens.issue(claimsOf(buyer));
      return {
        buyer: presentBuyer(buyer),
        tokens: {
          tokenType: "Bearer" as const,
          accessToken: access.token,
          expiresIn: access.expiresInSeconds,
          refreshToken: refresh.refreshToken,
          refreshTokenExpiresAt: refresh.expiresAt.toISOString(),
        },
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

export async function getBuyer(deps: StorefrontDeps, buyerId: string): Promise<Buyer> {
  const buyer = await deps.db.client.buyer.findUnique({ where: { id: buyerId } });
  if (!buyer) throw new NotFoundError("Buyer");
  return buyer;
}

/** Applies profile changes and publishes buyer.profile-updated with the whole new profile, in one transaction. */
export async function updateProfile(
  deps: StorefrontDeps,
  buyerId: string,
  changes: z.output<typeof ProfileChanges>,
): Promise<Buyer> {
  return deps.db.transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<
      { kind: string }[]
    >`SELECT kind FROM buyer WHERE id = ${buyerId}::uuid FOR UPDATE`;
    if (!locked) throw new NotFoundError("Buyer");
    const misplaced: FieldIssue[] =
      locked.kind === "company"
        ? changes.name !== undefined
          ? [{ path: "name", message: "a company buyer has a legal name, not a person's name" }]
          : []
        : (["legalName", "registrationNumber", "vatNumber"] as const)
            .filter((field) => changes[field] !== undefined)
            .map((path) => ({ path, message: "only company buyers have this field" }));
    if (misplaced.length > 0) throw new ValidationError(misplaced);
    const now = deps.clock.now();
    const { address, ...fields } = changes;
    const buyer = await tx.buyer.update({
      where: { id: buyerId },
      data: { ...fields, ...(address !== undefined ? addressColumns(address) : {}), updatedAt: now },
    });
    await deps.outbox.add(tx, BuyerProfileUpdatedV1, { ...identityOf(buyer), updatedAt: now.toISOString() });
    return buyer;
  });
}
