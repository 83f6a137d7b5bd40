/**
 * The Worker's environment, checked once with zod: a misconfigured deployment fails loudly on
 * its first request instead of misbehaving later.
 */
import { z } from "zod";

const envSchema = z.object({
	ENVIRONMENT: z.enum(["production", "development", "test"]),
	DB: z.custom<D1Database>((v) => typeof v === "object" && v !== null, "D1 binding DB is missing"),
	PRODUCT_STOCK: z.custom<DurableObjectNamespace>(
		(v) => typeof v === "object" && v !== null,
		"Durable Object binding PRODUCT_STOCK is missing",
	),
});

let checked = false;

export function checkEnv(env: Env): void {
	if (checked) return;
	envSchema.parse(env);
	checked = true;
}

export function isDevelopment(env: Env): boolean {
	return env.ENVIRONMENT === "development";
}
