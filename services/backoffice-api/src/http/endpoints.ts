import { z } from "zod";
import { LoginInput, RefreshInput, TokenPair, VendorReview, defineEndpoint } from "@mkt/contracts";
import type { SecurityScheme } from "@mkt/service-kit";

// WIRE FORMAT: the back-office API (docs: /ops/v1/docs).

export const BASE_PATH = "/ops/v1";

export const securitySchemes: Record<string, SecurityScheme> = {
  operatorToken: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "Operator access token from `POST /auth/login` (15 minutes)." },
};

export const Login = defineEndpoint({ method: "post", path: "/auth/login", summary: "Sign in as an operator", tags: ["auth"], body: LoginInput, response: { status: 200, schema: TokenPair }, errors: [401, 429] });
export const Refresh = defineEndpoint({ method: "post", path: "/auth/refresh", summary: "Exchange a refresh token for a new pair (each works once)", tags: ["auth"], body: RefreshInput, response: { status: 200, schema: TokenPair }, errors: [401] });
export const Logout = defineEndpoint({ method: "post", path: "/auth/logout", summary: "Sign out: the session's refresh tokens stop working", tags: ["auth"], body: RefreshInput, response: { status: 204 } });

export const ApproveKyc = defineEndpoint({
  method: "post",
  path: "/kyc/reviews/:vendorId/approve",
  summary: "Approve a vendor's KYC: the vendor may publish listings and receive payouts",
  tags: ["kyc"],
  params: z.object({ vendorId: z.uuid() }),
  response: { status: 200, schema: VendorReview },
  auth: "operatorToken",
  errors: [403, 404, 409, 502, 504],
});

export const backofficeEndpoints = [Login, Refresh, Logout, ApproveKyc] as const;
