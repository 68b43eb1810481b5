-- A renewal invoice's PDF is rendered on its first download (from the facts frozen at issue),
-- not inside the issuing transaction, which holds the vendor's invoice sequence meanwhile.
ALTER TABLE "renewal_invoice" ALTER COLUMN "content" DROP NOT NULL;
