-- The KYC workflow: an application is a draft until submitted, with its people, documents,
-- checks, bank account and history. Vendors that applied before keep their status (submitted,
-- approved or rejected are still valid statuses); the fields they never gave are empty strings
-- and a null address, and their creation time is their submission time.

-- AlterTable
ALTER TABLE "vendor" ADD COLUMN "idempotency_key" TEXT,
ADD COLUMN "registration_number" TEXT NOT NULL DEFAULT '',
ADD COLUMN "vat_number" TEXT NOT NULL DEFAULT '',
ADD COLUMN "registered_address" JSONB,
ADD COLUMN "checks" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN "information_request" TEXT,
ADD COLUMN "rejection_reason" TEXT,
ADD COLUMN "bank_iban" TEXT,
ADD COLUMN "bank_holder_name" TEXT,
ADD COLUMN "bank_status" TEXT,
ADD COLUMN "bank_updated_at" TIMESTAMPTZ(3),
ADD COLUMN "payouts_on_hold" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "created_at" TIMESTAMPTZ(3),
ALTER COLUMN "submitted_at" DROP NOT NULL;

UPDATE "vendor" SET "created_at" = "submitted_at";

ALTER TABLE "vendor" ALTER COLUMN "created_at" SET NOT NULL,
ALTER COLUMN "registration_number" DROP DEFAULT,
ALTER COLUMN "vat_number" DROP DEFAULT;

-- DropIndex
DROP INDEX "vendor_status_idx";

-- CreateTable
CREATE TABLE "kyc_person" (
    "id" UUID NOT NULL,
    "vendor_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "birth_date" DATE NOT NULL,
    "role" TEXT,
    "share_percent" DOUBLE PRECISION,

    CONSTRAINT "kyc_person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kyc_document" (
    "id" UUID NOT NULL,
    "vendor_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "person_id" UUID,
    "filename" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "issued_on" DATE,
    "storage_key" TEXT NOT NULL,
    "uploaded_at" TIMESTAMPTZ(3) NOT NULL,
    "retired_at" TIMESTAMPTZ(3),
    "retired_reason" TEXT,

    CONSTRAINT "kyc_document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kyc_history" (
    "id" UUID NOT NULL,
    "vendor_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor_kind" TEXT NOT NULL,
    "actor_id" TEXT,
    "action" TEXT NOT NULL,
    "note" TEXT,

    CONSTRAINT "kyc_history_pkey" PRIMARY KEY ("id")
);

-- Existing applications: their history starts with the application they made.
INSERT INTO "kyc_history" ("id", "vendor_id", "at", "actor_kind", "actor_id", "action", "note")
SELECT gen_random_uuid(), "id", "submitted_at", 'vendor', NULL, 'submitted', NULL FROM "vendor";
INSERT INTO "kyc_history" ("id", "vendor_id", "at", "actor_kind", "actor_id", "action", "note")
SELECT gen_random_uuid(), "id", "decided_at", 'operator', NULL, "status", NULL FROM "vendor"
WHERE "status" IN ('approved', 'rejected') AND "decided_at" IS NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "vendor_idempotency_key_key" ON "vendor"("idempotency_key");

-- CreateIndex
CREATE INDEX "vendor_status_submitted_at_idx" ON "vendor"("status", "submitted_at");

-- CreateIndex
CREATE INDEX "kyc_person_vendor_id_kind_position_idx" ON "kyc_person"("vendor_id", "kind", "position");

-- CreateIndex
CREATE INDEX "kyc_document_vendor_id_retired_at_idx" ON "kyc_document"("vendor_id", "retired_at");

-- CreateIndex
CREATE INDEX "kyc_history_vendor_id_at_idx" ON "kyc_history"("vendor_id", "at");

-- AddForeignKey
ALTER TABLE "kyc_person" ADD CONSTRAINT "kyc_person_vendor_id_fkey" FOREIGN KEY ("vendor_id") REFERENCES "vendor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kyc_document" ADD CONSTRAINT "kyc_document_vendor_id_fkey" FOREIGN KEY ("vendor_id") REFERENCES "vendor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kyc_history" ADD CONSTRAINT "kyc_history_vendor_id_fkey" FOREIGN KEY ("vendor_id") REFERENCES "vendor"("id") ON DELETE CASCADE ON UPDATE CASCADE;
