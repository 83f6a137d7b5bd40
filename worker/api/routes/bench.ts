/**
 * The benchmark's baseline (development only): `POST /api/v1/_bench/noop` takes the same path as a
 * stock command — bearer auth, body limit, JSON body validated by zod — and then makes a no-op
 * call to the product's object instead of running the command. Elsewhere the path does not exist
 * (404). A plain Hono app, so it never appears in the OpenAPI description.
 */
import { Hono } from "hono";
import { validator } from "hono/validator";
import { z } from "zod";
import { AppError, fieldErrors } from "../../core/app-error";
import { isDevelopment } from "../../core/env";
import { pingProductStock } from "../../stock/product-stock-client";
import type { AppEnv } from "../router";
import { idempotencyKeySchema, idSchema, quantity } from "../schemas";

/** The adjustment's body, so that the baseline parses and validates exactly as much. */
const noopBodySchema = z.strictObject({
	productId: idSchema,
	locationId: idSchema.optional(),
	quantity: quantity.optional(),
	idempotencyKey: idempotencyKeySchema.optional(),
});

export const benchRoutes = new Hono<AppEnv>();

// Mounted at "/" under /api/v1: the guard must name its own path, or `use("*")` would guard
// every API route.
benchRoutes.use("/_bench/*", async (c, next) => {
	if (!isDevelopment(c.env)) throw new AppError("not_found", `No route ${c.req.method} ${c.req.path}.`);
	await next();
});

benchRoutes.post(
	"/_bench/noop",
	validator("json", (value) => {
		const parsed = noopBodySchema.safeParse(value);
		if (!parsed.success)
			throw new AppError(
				"validation_failed",
				"Some fields are invalid; see `errors`.",
				fieldErrors("body", parsed.error),
			);
		return parsed.data;
	}),
	async (c) => {
		const { productId } = c.req.valid("json");
		await pingProductStock(c.env, { companyId: c.var.caller.companyId, productId });
		return c.json({ ok: true });
	},
);
