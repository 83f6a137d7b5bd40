/**
 * Turns the user's edited suggestions into draft purchases: one per (vendor, location), lines in
 * the order given. Everything is checked first, with the fields named as the client sent them, so
 * a bad line creates nothing; then each draft is created by `createPurchase` (the POST /purchases
 * path). Not one transaction: a failure between two drafts leaves the earlier ones as drafts,
 * harmless (drafts move no stock) and visible in the purchase list.
 */
import { and, eq, inArray } from "drizzle-orm";
import { AppError, type FieldError } from "../api/problem";
import { type Database, database } from "../db/client";
import { commandKeys, locations, products, vendors } from "../db/schema";
import { sha256Hex } from "../lib/sha256";
import type { Scaled } from "../stock/quantity";
import { createPurchase } from "./purchases";

export type SuggestionPick = { productId: string; locationId: string; quantity: Scaled; vendorId?: string };

type Applied = { purchases: Awaited<ReturnType<typeof createPurchase>>[] };

/**
 * Applies the picks once per idempotency key: the same key and request answer the first answer
 * (`created: false`); the key is claimed in command_keys (shared with stock commands, so one key
 * is never spent on two requests) only after the picks are checked, so a refused request keeps it.
 */
export async function applySuggestionsOnce(
	env: Env,
	companyId: string,
	picks: SuggestionPick[],
	idempotencyKey?: string,
): Promise<{ created: boolean; body: Applied }> {
	if (idempotencyKey === undefined) return { created: true, body: await applySuggestions(env, companyId, picks) };
	const db = database(env.DB);
	const requestHash = await sha256Hex(JSON.stringify(["purchase_suggestions", picks]));
	const earlier = await answerOf(db, companyId, idempotencyKey, requestHash);
	if (earlier) return { created: false, body: earlier };
	await checkPicks(env, companyId, picks);
	const inserted = await db
		.insert(commandKeys)
		.values({ companyId, key: idempotencyKey, kind: "purchase_suggestions", requestHash })
		.onConflictDoNothing()
		.returning({ key: commandKeys.key });
	if (inserted.length === 0) {
		const raced = await answerOf(db, companyId, idempotencyKey, requestHash);
		if (raced) return { created: false, body: raced };
	}
	const body = await applySuggestions(env, companyId, picks);
	await db
		.update(commandKeys)
		.set({ response: JSON.stringify(body) })
		.where(and(eq(commandKeys.companyId, companyId), eq(commandKeys.key, idempotencyKey)));
	return { created: true, body };
}

/**
 * The stored answer of this key, or null when the key is free. A key used for another request is
 * a 422; a key claimed but not yet answered (the first request still running, or it failed half
 * way) is a 409: its drafts may exist, so look at the purchase list rather than create them again.
 */
async function answerOf(db: Database, companyId: string, key: string, requestHash: string): Promise<Applied | null> {
	const [row] = await db
		.select({ requestHash: commandKeys.requestHash, response: commandKeys.response })
		.from(commandKeys)
		.where(and(eq(commandKeys.companyId, companyId), eq(commandKeys.key, key)));
	if (!row) return null;
	if (row.requestHash !== requestHash)
		throw new AppError(
			"idempotency_key_reused",
			`The idempotency key "${key}" was already used for a different request.`,
			[{ in: "body", field: "idempotencyKey", message: "already used for a different request" }],
		);
	if (row.response === null)
		throw new AppError(
			"conflict",
			`The suggestions with idempotency key "${key}" are still being applied, or failed half way; see the purchase list.`,
			[{ in: "body", field: "idempotencyKey", message: "not answered yet" }],
		);
	return JSON.parse(row.response) as Applied;
}

async function applySuggestions(env: Env, companyId: string, picks: SuggestionPick[]): Promise<Applied> {
	await checkPicks(env, companyId, picks);
	const drafts = new Map<string, { vendorId?: string; locationId: string; picks: SuggestionPick[] }>();
	for (const pick of picks) {
		const key = `${pick.vendorId ?? ""}\u0000${pick.locationId}`;
		const draft = drafts.get(key) ?? { vendorId: pick.vendorId, locationId: pick.locationId, picks: [] };
		draft.picks.push(pick);
		drafts.set(key, draft);
	}
	const created = [];
	for (const draft of drafts.values())
		created.push(
			await createPurchase(env, companyId, {
				...(draft.vendorId !== undefined ? { vendorId: draft.vendorId } : {}),
				locationId: draft.locationId,
				note: "From purchase suggestions",
				lines: draft.picks.map((p) => ({ productId: p.productId, quantity: p.quantity })),
			}),
		);
	return { purchases: created };
}

async function checkPicks(env: Env, companyId: string, picks: SuggestionPick[]) {
	const db = database(env.DB);
	const ids = (f: (p: SuggestionPick) => string | undefined) => [...new Set(picks.flatMap((p) => f(p) ?? []))];
	const [vendorRows, locationRows, productRows] = await db.batch([
		db
			.select({ id: vendors.id })
			.from(vendors)
			.where(
				and(
					eq(vendors.companyId, companyId),
					inArray(
						vendors.id,
						ids((p) => p.vendorId),
					),
				),
			),
		db
			.select({ id: locations.id, archivedAt: locations.archivedAt })
			.from(locations)
			.where(
				and(
					eq(locations.companyId, companyId),
					inArray(
						locations.id,
						ids((p) => p.locationId),
					),
				),
			),
		db
			.select({ id: products.id, type: products.type, archivedAt: products.archivedAt })
			.from(products)
			.where(
				and(
					eq(products.companyId, companyId),
					inArray(
						products.id,
						ids((p) => p.productId),
					),
				),
			),
	]);
	const errors: FieldError[] = [];
	const seen = new Set<string>();
	picks.forEach((pick, i) => {
		if (pick.vendorId !== undefined && !vendorRows.some((v) => v.id === pick.vendorId))
			errors.push({ in: "body", field: `lines.${i}.vendorId`, message: "no such vendor" });
		const location = locationRows.find((l) => l.id === pick.locationId);
		if (!location) errors.push({ in: "body", field: `lines.${i}.locationId`, message: "no such location" });
		else if (location.archivedAt !== null)
			errors.push({ in: "body", field: `lines.${i}.locationId`, message: "archived" });
		const product = productRows.find((p) => p.id === pick.productId);
		const field = `lines.${i}.productId`;
		if (!product) errors.push({ in: "body", field, message: "no such product" });
		else if (product.type !== "inventory")
			errors.push({ in: "body", field, message: "only inventory products can be purchased into stock" });
		else if (product.archivedAt !== null) errors.push({ in: "body", field, message: "archived" });
		// One purchase holds a product once: the same product twice for one vendor and location is a mistake.
		const key = `${pick.vendorId ?? ""}\u0000${pick.locationId}\u0000${pick.productId}`;
		if (seen.has(key))
			errors.push({ in: "body", field, message: "already on another line for this vendor and location" });
		seen.add(key);
	});
	if (errors.length > 0)
		throw new AppError("validation_failed", "The suggestions name things a purchase cannot use.", errors);
}
