-- The gateway kit's identity tables (prisma/identity.prisma). Every gateway created them in its
-- own first migration before the kit owned them, so this one only creates what is missing:
-- the same tables and indexes, by the same names, each IF NOT EXISTS. Copied into each gateway as
-- prisma/migrations/20261203000000_identity_gateway_identity (node scripts/new-service.mjs --sync-platform).

-- CreateTable
CREATE TABLE IF NOT EXISTS "auth_session" (
    "id" UUID NOT NULL,
    "family_id" UUID NOT NULL,
    "subject_id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "retired_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "auth_session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE IF NOT EXISTS "auth_login_failure" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "failed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "auth_login_failure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX IF NOT EXISTS "auth_session_token_hash_key" ON "auth_session"("token_hash");

-- CreateIndex
CREATE INDEX IF NOT EXISTS "auth_session_family_id_idx" ON "auth_session"("family_id");

-- CreateIndex
CREATE INDEX IF NOT EXISTS "auth_login_failure_key_failed_at_idx" ON "auth_login_failure"("key", "failed_at");
