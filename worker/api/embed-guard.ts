/**
 * What an embed token may do (after auth and the access rules in /api/v1). The embedded grid reads
 * products, locations, level rows and a product's lots, and the caller's company (`/me`, for its currency), opens a live feed and — with the `edit:reorder` scope — edits
 * reorder points and reorder quantities; nothing else. Its locations are held like any limited
 * caller's (worker/api/authorize.ts). Every other request of an embed caller is refused with 403
 * here, before any route runs, so a route added later is closed to embed tokens until it is listed below.
 */
import type { Context, MiddlewareHandler } from "hono";
import { z } from "zod";
import { AppError, type FieldError } from "../core/app-error";
import type { AppEnv } from "./router";

/** Loose on purpose: whatever does not have this shape is left to the route's validation (a 400). */
const patchShape = z.object({ items: z.array(z.record(z.string(), z.unknown())) });

/** What a row of `PATCH /levels` may carry with `edit:reorder`: its key and version, and the reorder fields. */
const REORDER_FIELDS = new Set(["productId", "locationId", "version", "reorderPoint", "reorderQty"]);

function refuse(what: string, errors?: FieldError[]): never {
	throw new AppError("forbidden", `This embed token may not ${what}.`, errors);
}

async function checkReorderPatch(c: Context<AppEnv>): Promise<void> {
	let body: unknown;
	try {
		body = await c.req.json();
	} catch {
		return; // not JSON: the route answers 400
	}
	const parsed = patchShape.safeParse(body);
	if (!parsed.success) return;
	const errors: FieldError[] = [];
	parsed.data.items.forEach((item, i) => {
		for (const field of Object.keys(item))
			if (!REORDER_FIELDS.has(field))
				errors.push({
					in: "body",
					field: `items.${i}.${field}`,
					message: "only reorderPoint and reorderQty may be edited",
				});
	});
	if (errors.length > 0) refuse("edit these fields; see `errors`", errors);
}

export const embedGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
	const embed = c.var.caller.embed;
	if (c.var.caller.via !== "embed" || !embed) return next();
	const method = c.req.method;
	const path = c.req.path.replace(/^\/api\/v1(?=\/)/, "");
	// Reads of the grid (a tracked product's row expands into its lots): their locations are already
	// held to the token's (worker/api/access-rules.ts).
	if (method === "GET" && /^\/(levels|locations(\/[^/]+)?|products(\/[^/]+(\/lots)?)?)$/.test(path)) return next();
	// Who is calling: the grid reads the company's currency there, for its stock value.
	if (method === "GET" && path === "/me") return next();
	// The live feed: the ticket carries the caller's origins and locations.
	if (method === "POST" && path === "/live/ticket") return next();
	if (method === "PATCH" && path === "/levels") {
		if (!embed.scopes.includes("edit:reorder")) refuse("edit (its scope is read)");
		await checkReorderPatch(c);
		return next();
	}
	refuse(`${method} ${path}`);
};
