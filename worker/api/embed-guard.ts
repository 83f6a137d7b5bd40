/**
 * What an embed token may do (after auth in /api/v1). The embedded grid reads locations and level
 * rows, opens a live feed and — with the `edit:reorder` scope — edits reorder points and reorder
 * quantities; nothing else, and only within the token's locations. Every other request of an embed
 * caller is refused with 403 here, before any route runs, so a route added later is closed to
 * embed tokens until it is listed below.
 */
import type { Context, MiddlewareHandler } from "hono";
import { z } from "zod";
import type { Caller } from "../auth/caller";
import { AppError, type FieldError } from "../core/app-error";
import type { AppEnv } from "./router";

/** The locations an embed caller may see; undefined for every other caller (and for a token over all locations). */
export function embedLocationIds(caller: Caller): string[] | undefined {
	return caller.embed?.locationIds ?? undefined;
}

/** Loose on purpose: whatever does not have this shape is left to the route's validation (a 400). */
const patchShape = z.object({ items: z.array(z.record(z.string(), z.unknown())) });

/** What a row of `PATCH /levels` may carry with `edit:reorder`: its key and version, and the reorder fields. */
const REORDER_FIELDS = new Set(["productId", "locationId", "version", "reorderPoint", "reorderQty"]);

function refuse(what: string, errors?: FieldError[]): never {
	throw new AppError("forbidden", `This embed token may not ${what}.`, errors);
}

async function checkReorderPatch(c: Context<AppEnv>, allowed: Set<string> | null): Promise<void> {
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
		const locationId = item.locationId;
		if (allowed && typeof locationId === "string" && !allowed.has(locationId))
			errors.push({
				in: "body",
				field: `items.${i}.locationId`,
				message: `location ${locationId} is not in this token`,
			});
	});
	if (errors.length > 0) refuse("edit these fields or locations; see `errors`", errors);
}

export const embedGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
	const embed = c.var.caller.embed;
	if (c.var.caller.via !== "embed" || !embed) return next();
	const allowed = embed.locationIds ? new Set(embed.locationIds) : null;
	const method = c.req.method;
	const path = c.req.path.replace(/^\/api\/v1(?=\/)/, "");

	if (method === "GET" && path === "/levels") {
		const asked = c.req.query("location");
		if (allowed && asked !== undefined && !allowed.has(asked))
			refuse(`read location ${asked}`, [
				{ in: "query", field: "location", message: `location ${asked} is not in this token` },
			]);
		return next(); // the route keeps the rows to the token's locations (embedLocationIds)
	}
	if (method === "GET" && path === "/locations") return next(); // the route lists the token's locations only
	const location = /^\/locations\/([^/]+)$/.exec(path);
	if (method === "GET" && location?.[1] !== undefined) {
		const id = location[1];
		// c.req.path is already percent-decoded by Hono, as the route's own param will be.
		if (allowed && !allowed.has(id)) refuse("read this location");
		return next();
	}
	// A product answers its levels at every location: only for a token over all of them.
	if (method === "GET" && /^\/products(\/[^/]+)?$/.test(path)) {
		if (allowed) refuse("read products across locations; read /levels instead");
		return next();
	}
	// The live feed: the ticket carries the caller's origins and locations (c.var.caller.embed).
	if (method === "POST" && path === "/live/ticket") return next();
	if (method === "PATCH" && path === "/levels") {
		if (!embed.scopes.includes("edit:reorder")) refuse("edit (its scope is read)");
		await checkReorderPatch(c, allowed);
		return next();
	}
	refuse(`${method} ${path}`);
};
