-- A vendor's users by role (from vendor.user-registered / vendor.user-updated): the vendor's
-- operational emails go to them too, by role, besides the public contact.
CREATE TABLE "vendor_user" (
    "user_id" TEXT NOT NULL,
    "vendor_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL,
    "as_of" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "vendor_user_pkey" PRIMARY KEY ("user_id")
);

CREATE INDEX "vendor_user_vendor_id_idx" ON "vendor_user"("vendor_id");
