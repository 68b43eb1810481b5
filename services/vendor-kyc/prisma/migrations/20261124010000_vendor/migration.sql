-- CreateTable
CREATE TABLE "vendor" (
    "id" UUID NOT NULL,
    "legal_name" TEXT NOT NULL,
    "contact_email" TEXT NOT NULL,
    "contact_phone" TEXT NOT NULL,
    "support_url" TEXT,
    "status" TEXT NOT NULL,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL,
    "decided_at" TIMESTAMPTZ(3),

    CONSTRAINT "vendor_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "vendor_status_idx" ON "vendor"("status");
