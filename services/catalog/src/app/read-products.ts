import { HOSTING_REGIONS, type PublicProduct, type VendorProduct } from "@mkt/contracts";
import { createdAtIdCursor, keysetPage } from "@mkt/service-kit";
import type { z } from "zod";
import type { Db } from "../db/client.js";
import { productNotFound } from "./errors.js";
import { planOrder, publicContactOf, taxonomyOf, toListedPlan, toVendorProduct } from "./listing.js";
import { isUuid } from "./product-store.js";

/** One of a vendor's listings, any status; another vendor's is a 404. */
export async function getVendorProduct(db: Db, vendorId: string, productId: string) {
  if (!isUuid(productId) || !isUuid(vendorId)) throw productNotFound(productId);
  const product = await db.product.findUnique({ where: { id: productId }, include: { plans: { orderBy: planOrder } } });
  if (!product || product.vendorId !== vendorId) throw productNotFound(productId);
  return toVendorProduct(product);
}

/** A vendor's listings, newest first, a page at a time (keyset on created_at, id). */
export async function listVendorProducts(
  db: Db,
  vendorId: string,
  query: { limit: number; cursor?: string; status?: string },
) {
  if (!isUuid(vendorId)) return { items: [], nextCursor: null };
  const after = query.cursor === undefined ? undefined : createdAtIdCursor.decode(query.cursor);
  const rows = await db.product.findMany({
    where: {
      vendorId,
      ...(query.status ? { status: query.status } : {}),
      ...(after
        ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    include: { plans: { orderBy: planOrder } },
  });
  const { rows: page, nextCursor } = keysetPage(rows, query.limit, createdAtIdCursor.encode);
  const items: z.input<typeof VendorProduct>[] = page.map(toVendorProduct);
  return { items, nextCursor };
}

/** A published listing as buyers see it: active plans only, region name, the vendor's contact. */
export async function getPublishedProduct(db: Db, productId: string): Promise<z.input<typeof PublicProduct>> {
  if (!isUuid(productId)) throw productNotFound(productId);
  const product = await db.product.findUnique({
    where: { id: productId },
    include: { plans: { where: { status: "active" }, orderBy: planOrder } },
  });
  if (!product || product.status !== "published" || !product.publishedAt) throw productNotFound(productId);
  const vendor = await db.vendor.findUnique({ where: { id: product.vendorId } });
  if (!vendor) throw productNotFound(productId); // cannot happen: publishing needs the vendor approved
  const taxonomy = taxonomyOf(product);
  return {
    id: product.id,
    name: product.name,
    ...taxonomy,
    regionName: HOSTING_REGIONS[taxonomy.region],
    description: { fr: product.descriptionFr, en: product.descriptionEn },
    documentationUrl: product.documentationUrl,
    labels: product.labels as z.input<typeof PublicProduct>["labels"],
    vendor: { id: vendor.id, legalName: vendor.legalName, publicContact: publicContactOf(vendor) },
    plans: product.plans.map(toListedPlan),
    publishedAt: product.publishedAt.toISOString(),
  };
}
