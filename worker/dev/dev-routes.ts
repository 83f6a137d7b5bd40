/**
 * Development-only routes (ENVIRONMENT=development): the demo seed, an owner token for curl and
 * scripts, and the benchmark's helpers. Elsewhere these paths do not exist (404).
 */
import { Hono } from "hono";
import { z } from "zod";
import { AppError } from "../api/problem";
import type { AppEnv } from "../api/router";
import { createApiToken } from "../auth/api-tokens";
import { ensureCompany } from "../catalogue/companies";
import { createLocation } from "../catalogue/locations";
import { createProducts } from "../catalogue/products";
import { database } from "../db/client";
import { isDevelopment } from "../env";
import { DEMO_COMPANY_ID, seedDemoCompany } from "./demo-seed";

export const devRoutes = new Hono<AppEnv>();

devRoutes.use("*", async (c, next) => {
	if (!isDevelopment(c.env)) throw new AppError("not_found", "No such route.");
	await next();
});

devRoutes.post("/seed", async (c) => c.json(await seedDemoCompany(c.env)));

/** An owner token of the demo company, as plain text (for `npm run --silent dev:token`). */
devRoutes.post("/token", async (c) => {
	const { token } = await createApiToken(database(c.env.DB), DEMO_COMPANY_ID, { name: "dev token", role: "owner" });
	return c.text(token);
});

/** A fresh company with `products` products at three locations, for the benchmark. */
devRoutes.post("/bench-company", async (c) => {
	const { products: count } = z.object({ products: z.coerce.number().int().min(1).max(50_000) }).parse(c.req.query());
	const db = database(c.env.DB);
	const companyId = `bench-${crypto.randomUUID()}`;
	await ensureCompany(db, { id: companyId, name: "Benchmark" });
	const locationIds: string[] = [];
	for (const name of ["Warehouse", "Shop", "Van"]) locationIds.push((await createLocation(db, companyId, { name })).id);
	const productIds: string[] = [];
	for (let i = 0; i < count; i += 500) {
		const part = Array.from({ length: Math.min(500, count - i) }, (_, j) => ({
			sku: `B-${String(i + j).padStart(6, "0")}`,
			name: `Bench product ${i + j}`,
		}));
		productIds.push(...(await createProducts(db, companyId, part)).map((p) => p.id));
	}
	const { token } = await createApiToken(db, companyId, { name: "bench", role: "owner" });
	return c.json({ companyId, token, locationIds, productIds });
});
