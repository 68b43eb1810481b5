import { z } from "zod";
import { Timestamp } from "../common/primitives.js";

// WIRE FORMAT: the sign-in shapes the three gateways share (buyers, vendor users, operators).

export const Email = z
  .email()
  .max(254)
  .transform((email) => email.toLowerCase());

export const LoginInput = z.object({ email: Email, password: z.string().min(1).max(256) }).meta({ id: "LoginInput" });
export const RefreshInput = z.object({ refreshToken: z.string().min(1).max(256) }).meta({ id: "RefreshInput" });

export const TokenPair = z
  .object({
    tokenType: z.literal("Bearer"),
    accessToken: z.string().meta({ description: "JWT to send as `Authorization: Bearer …`; valid 15 minutes." }),
    expiresIn: z.number().int().meta({ description: "Seconds the access token stays valid." }),
    refreshToken: z
      .string()
      .meta({ description: "Opaque; exchange it at `POST /auth/refresh` for a new pair (each one works once)." }),
    refreshTokenExpiresAt: Timestamp,
  })
  .meta({ id: "TokenPair" });
export type TokenPair = z.input<typeof TokenPair>;
