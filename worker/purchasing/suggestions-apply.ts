/**
 * Turns the user's edited suggestions into draft purchases: one per (vendor, location), lines in
 * the order given. Everything is checked first, with the fields named as the client sent them, so
 * a bad line creates nothing; then each draft is created by `createPurchase` (the POST /purchases
 * path). Not one transaction: a crash between two drafts leaves the earlier ones made. With an
 * idempotency key that is repaired by the client's retry: each draft's id is derived from the key's
 * claim, so the retry finds the drafts already made, makes only the missing ones, and answers them
 * all — never two drafts for one (vendor, location).
 */
import { and, eq, inArray, isNull } from "drizzle-orm";
import { encodeTime } from "ulid";
import { AppError, type FieldError } from "../core/app-error";
import { assertSameRequest } from "../core/idempotency";
import type { Scaled } from "../core/quantity";
import { type Database, database } from "../db/client";
import { commandKeys, locations, products, purchases, vendors } from "../db/schema";
import { sha256Hex } from "../lib/sha256";
import { purchaseDetail } from "./purchase-views";
import { createPurchase } from "./purchases";

export type SuggestionPick = { productId: string; locationId: string; quantity: Scaled; vendorId?: string };

type Applied = { purchases: Awaited<ReturnType<typeof createPurchase>>[] };

/** A claimed key: when it was claimed (its drafts' ids derive from it), and its answer once there is one. */
type Claim = { claimedAt: number; answer: Applied | null };

/**
 * Applies the picks once per idempotency key: the same key and request answer the first answer
 * (`created: false`); the key is claimed in command_keys (shared with stock commands, so one key
 * is never spent on two requests) only after the picks are checked, so a refused request keeps it.
 * A key claimed but never answered (a crash half way, or the first request still running) is
 * finished by the retry: the drafts already made are kept as they are now, the missing ones made.
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
	const earlier = await claimOf(db, companyId, idempotencyKey, requestHash);
	if (earlier?.answer) return { created: false, body: earlier.answer };
	await checkPicks(env, companyId, picks);
	let claim = earlier;
	if (!claim) {
		await db
			.insert(commandKeys)
			.values({ companyId, key: idempotencyKey, kind: "purchase_suggestions", requestHash, createdAt: Date.now() })
			.onConflictDoNothing();
		// Ours, or a concurrent request's with the same key: either way the drafts are the claim's.
		claim = await claimOf(db, companyId, idempotencyKey, requestHash);
		if (!claim) throw new Error(`the claim of key ${idempotencyKey} vanished`);
		if (claim.answer) return { created: false, body: claim.answer };
	}
	const { claimedAt } = claim;
	const made = await applySuggestions(env, companyId, picks, (draft) =>
		suggestionDraftId(companyId, idempotencyKey, claimedAt, draft),
	);
	// The first answer stays: a concurrent finisher answers what was kept, drafts as they were then.
	await db
		.update(commandKeys)
		.set({ response: JSON.stringify(made) })
		.where(
			and(eq(commandKeys.companyId, companyId), eq(commandKeys.key, idempotencyKey), isNull(commandKeys.response)),
		);
	const kept = (await claimOf(db, companyId, idempotencyKey, requestHash))?.answer ?? made;
	return { created: earlier === null, body: kept };
}

/**
 * The id of the `draft`-th draft (0-based, in the order of the picks) made under a key: a ULID
 * whose time is the claim's and whose random part is the hash of company, key and draft — the same
 * on every retry, never the same for two companies or keys.
 */
async function suggestionDraftId(companyId: string, key: string, claimedAt: number, draft: number): Promise<string> {
	const hash = await sha256Hex(`suggestion-draft\n${companyId}\n${key}\n${draft}`);
	const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	const random = Array.from(
		{ length: 16 },
		(_, i) => CROCKFORD[Number.parseInt(hash.slice(i * 2, i * 2 + 2), 16) % 32],
	);
	return encodeTime(claimedAt, 10) + random.join("");
}

/**
 * The claim of this key, or null when the key is free. A key used for another request is a 422.
 */
async function claimOf(db: Database, companyId: string, key: string, requestHash: string): Promise<Claim | null> {
	const [row] = await db
		.select({ requestHash: commandKeys.requestHash, response: commandKeys.response, createdAt: commandKeys.createdAt })
		.from(commandKeys)
		.where(and(eq(commandKeys.companyId, companyId), eq(commandKeys.key, key)));
	if (!row) return null;
	assertSameRequest(row.requestHash, requestHash, key);
	return { claimedAt: row.createdAt, answer: row.response === null ? null : (JSON.parse(row.response) as Applied) };
}

/**
 * Makes one draft per (vendor, location). With `draftId`, each draft has a known id: one already
 * made under it (by an earlier, interrupted run) is taken as it is now instead of made again.
 */
async function applySuggestions(
	env: Env,
	companyId: string,
	picks: SuggestionPick[],
	draftId?: (draft: number) => Promise<string>,
): Promise<Applied> {
	await checkPicks(env, companyId, picks);
	const drafts = new Map<string, { vendorId?: string; locationId: string; picks: SuggestionPick[] }>();
	for (const pick of picks) {
		const key = `${pick.vendorId ?? ""}\u0000${pick.locationId}`;
		const draft = drafts.get(key) ?? { vendorId: pick.vendorId, locationId: pick.locationId, picks: [] };
		draft.picks.push(pick);
		drafts.set(key, draft);
	}
	const db = database(env.DB);
	const created = [];
	for (const [i, draft] of [...drafts.values()].entries()) {
		const id = draftId ? await draftId(i) : undefined;
		const input = {
			...(draft.vendorId !== undefined ? { vendorId: draft.vendorId } : {}),
			locationId: draft.locationId,
			note: "From purchase suggestions",
			lines: draft.picks.map((p) => ({ productId: p.productId, quantity: p.quantity })),
		};
		if (id === undefined) {
			created.push(await createPurchase(env, companyId, input));
			continue;
		}
		if (await draftExists(db, companyId, id)) {
			created.push(await purchaseDetail(db, companyId, id));
			continue;
		}
		try {
			created.push(await createPurchase(env, companyId, input, { id }));
		} catch (error) {
			// A concurrent retry made it first (the id is taken): it is the same draft.
			if (!(await draftExists(db, companyId, id))) throw error;
			created.push(await purchaseDetail(db, companyId, id));
		}
	}
	return { purchases: created };
}

async function draftExists(db: Database, companyId: string, id: string): Promise<boolean> {
	const rows = await db
		.select({ id: purchases.id })
		.from(purchases)
		.where(and(eq(purchases.companyId, companyId), eq(purchases.id, id)));
	return rows.length > 0;
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
