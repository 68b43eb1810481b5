import type { Router } from "express";
import { z } from "zod";
import {
  AddPlan,
  CreateProduct,
  GetPublishedProduct,
  GetVendorProduct,
  GrantLabel,
  ListVendorProducts,
  PublishProduct,
  RetirePlan,
  RevokeLabel,
  SearchProducts,
  UnlistProduct,
  UnpublishProduct,
  UpdatePlan,
  UpdateProduct,
} from "@mkt/contracts";
import { mountEndpoints, parseInput } from "@mkt/service-kit";
import type { CatalogDeps } from "../app/deps.js";
import { findVendor } from "../app/find-vendor.js";
import { createProduct } from "../app/create-product.js";
import { updateProduct } from "../app/update-product.js";
import { addPlan, retirePlan, updatePlan } from "../app/manage-plans.js";
import { publishProduct, unlistProduct, unpublishProduct } from "../app/change-status.js";
import { grantLabel, revokeLabel } from "../app/labels.js";
import { getPublishedProduct, getVendorProduct, listVendorProducts } from "../app/read-products.js";
import { searchProducts } from "../app/search-products.js";

const vendorParams = z.object({ vendorId: z.uuid() });

/** The catalog's internal API, called by the gateways (contracts: packages/contracts/src/http/catalog.ts). */
export function catalogRoutes(router: Router, deps: CatalogDeps): void {
  const db = deps.db.client;
  router.get("/vendors/:vendorId", async (req, res) => {
    const { vendorId } = parseInput(vendorParams, req.params, "params");
    res.json(await findVendor(db, vendorId));
  });
  mountEndpoints(router, [
    [SearchProducts, async ({ query }) => searchProducts(db, query)],
    [GetPublishedProduct, async ({ params }) => getPublishedProduct(db, params.productId)],
    [
      CreateProduct,
      async ({ params, body, idempotencyKey }) => createProduct(deps, params.vendorId, body, idempotencyKey),
    ],
    [ListVendorProducts, async ({ params, query }) => listVendorProducts(db, params.vendorId, query)],
    [GetVendorProduct, async ({ params }) => getVendorProduct(db, params.vendorId, params.productId)],
    [UpdateProduct, async ({ params, body }) => updateProduct(deps, params.vendorId, params.productId, body)],
    [
      AddPlan,
      async ({ params, body, idempotencyKey }) =>
        addPlan(deps, params.vendorId, params.productId, body, idempotencyKey),
    ],
    [UpdatePlan, async ({ params, body }) => updatePlan(deps, params.vendorId, params.productId, params.planId, body)],
    [RetirePlan, async ({ params }) => retirePlan(deps, params.vendorId, params.productId, params.planId)],
    [PublishProduct, async ({ params }) => publishProduct(deps, params.vendorId, params.productId)],
    [UnpublishProduct, async ({ params }) => unpublishProduct(deps, params.vendorId, params.productId)],
    [UnlistProduct, async ({ params, body }) => unlistProduct(deps, params.productId, body)],
    [GrantLabel, async ({ params }) => grantLabel(deps, params.productId, params.label)],
    [RevokeLabel, async ({ params }) => revokeLabel(deps, params.productId, params.label)],
  ]);
}
