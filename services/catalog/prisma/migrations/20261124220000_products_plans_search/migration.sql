-- Listings, their plans (with versions) and the columns full-text search reads.

-- The vendor projection: a contact update can arrive before the approval (two durable
-- consumers on one stream), so a row may exist for a vendor not approved yet; `contact_as_of`
-- orders contact changes so an older one never overwrites a newer one.
ALTER TABLE "vendor" ALTER COLUMN "approved_at" DROP NOT NULL;
ALTER TABLE "vendor" ADD COLUMN "contact_as_of" TIMESTAMPTZ(3);
UPDATE "vendor" SET "contact_as_of" = "approved_at";
ALTER TABLE "vendor" ALTER COLUMN "contact_as_of" SET NOT NULL;

-- CreateTable
CREATE TABLE "product" (
    "id" UUID NOT NULL,
    "vendor_id" UUID NOT NULL,
    "status" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "subcategory" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "description_fr" TEXT NOT NULL,
    "description_en" TEXT NOT NULL,
    "documentation_url" TEXT NOT NULL,
    "labels" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "unlisted_reason" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "ever_published" BOOLEAN NOT NULL DEFAULT false,
    "published_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "min_price" INTEGER,
    "has_trial" BOOLEAN NOT NULL DEFAULT false,
    "billing_cycles" TEXT[] DEFAULT ARRAY[]::TEXT[],
    -- Full text, one document per language: the name weighs more (A) than the description (B).
    -- Generated columns: PostgreSQL keeps them right on every write, whoever writes.
    "search_fr" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('french'::regconfig, "name"), 'A') || setweight(to_tsvector('french'::regconfig, "description_fr"), 'B')) STORED,
    "search_en" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, "name"), 'A') || setweight(to_tsvector('english'::regconfig, "description_en"), 'B')) STORED,

    CONSTRAINT "product_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plan" (
    "id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "plan_family_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "billing_cycle" TEXT NOT NULL,
    "price_cents" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "commitment_months" INTEGER NOT NULL,
    "trial_days" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "superseded_by" UUID,
    "ever_published" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "plan_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "product_vendor_id_created_at_id_idx" ON "product"("vendor_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "product_status_published_at_id_idx" ON "product"("status", "published_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "product_status_name_id_idx" ON "product"("status", "name", "id");

-- CreateIndex
CREATE INDEX "product_status_min_price_id_idx" ON "product"("status", "min_price", "id");

-- CreateIndex
CREATE INDEX "product_search_fr_idx" ON "product" USING GIN ("search_fr");

-- CreateIndex
CREATE INDEX "product_search_en_idx" ON "product" USING GIN ("search_en");

-- CreateIndex
CREATE INDEX "product_labels_idx" ON "product" USING GIN ("labels");

-- CreateIndex
CREATE INDEX "plan_product_id_status_idx" ON "plan"("product_id", "status");

-- CreateIndex
CREATE INDEX "plan_status_billing_cycle_price_cents_idx" ON "plan"("status", "billing_cycle", "price_cents");

-- CreateIndex
CREATE INDEX "plan_status_price_cents_idx" ON "plan"("status", "price_cents");

-- AddForeignKey
ALTER TABLE "plan" ADD CONSTRAINT "plan_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE CASCADE;
