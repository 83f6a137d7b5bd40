/**
 * Purchases made in Stockroom: created as drafts, ordered (incoming rises at the location), received
 * (see purchase-receipts.ts) or cancelled (incoming falls, what was received stays on hand). With
 * the setting `purchasesToQbo`, ordering also creates the purchase's PurchaseOrder in QBO
 * (qbo-purchase-*.ts), sent by the company's sync object.
 *
 * D1 has no interactive transactions: each write is one batch whose statements are all guarded by
 * the version the client read, so a concurrent change makes the whole write a 409, never half of it.
 */
import { and, eq, inArray } from "drizzle-orm";
import { ulid } from "ulid";
import { AppError, type FieldError } from "../core/app-error";
import type { Scaled } from "../core/quantity";
import { type Database, database } from "../db/client";
import { locations, products, purchases, vendors } from "../db/schema";
import { assertChangesWithinBounds } from "../stock/bounds-precheck";
import { isQuantityRefusal } from "../stock/product-stock-client";
import { applyPurchaseEffects, type PurchaseStatus, purchaseChanges } from "./purchase-effects";
import { getPurchase, linesOf, type Purchase, purchaseDetail } from "./purchase-views";
import { closePurchaseOrderRequestId, purchaseOrderRequestId } from "./qbo-purchase-bodies";
import { connectedRealm, purchaseOrderRealm, queuePurchaseDocument } from "./qbo-purchase-client";

export type LineInput = { productId: string; quantity: Scaled; unitCost?: Scaled | null };

/** The states a PATCH may move a purchase to, from each state. */
const TRANSITIONS: Record<PurchaseStatus, PurchaseStatus[]> = {
	draft: ["ordered", "cancelled"],
	ordered: ["cancelled"],
	partially_received: ["cancelled"],
	received: [],
	cancelled: [],
};

/**
 * Creates a draft purchase, numbered PO-0001, PO-0002… per company. `id` is for a caller that must
 * find its draft again after a crash (suggestions-apply.ts); a draft already under that id is a
 * primary-key failure, nothing written.
 */
export async function createPurchase(
	env: Env,
	companyId: string,
	input: { vendorId?: string; locationId: string; expectedDate?: string; note?: string; lines: LineInput[] },
	options: { id?: string } = {},
) {
	const db = database(env.DB);
	await checkReferences(db, companyId, input);
	const id = options.id ?? ulid();
	const now = Date.now();
	await env.DB.batch([
		// The number is taken inside the insert: two purchases created at once cannot share one.
		env.DB.prepare(
			`INSERT INTO purchases
			(id, company_id, vendor_id, location_id, status, seq, number, expected_date, note, version, created_at, updated_at)
			SELECT ?1, ?2, ?3, ?4, 'draft', n, printf('PO-%04d', n), ?5, ?6, 1, ?7, ?7
			FROM (SELECT coalesce(max(seq), 0) + 1 AS n FROM purchases WHERE company_id = ?2)`,
		).bind(
			id,
			companyId,
			input.vendorId ?? null,
			input.locationId,
			input.expectedDate ?? null,
			input.note ?? null,
			now,
		),
		...lineRows(companyId, id, input.lines).map((l) => insertLine(env, l, 1)),
	]);
	return purchaseDetail(db, companyId, id);
}

export type PurchasePatch = {
	version: number;
	status?: "ordered" | "cancelled";
	expectedDate?: string | null;
	note?: string | null;
	lines?: LineInput[];
};

/** Edits, orders or cancels a purchase if `version` is still current, then moves its stock. */
export async function updatePurchase(env: Env, companyId: string, id: string, patch: PurchasePatch) {
	const db = database(env.DB);
	const current = await getPurchase(db, companyId, id);
	if (current.version !== patch.version)
		throw new AppError(
			"version_conflict",
			`Purchase ${id} is at version ${current.version}, not ${patch.version}; reload it and try again.`,
		);
	if (
		patch.status !== undefined &&
		patch.status !== current.status &&
		!TRANSITIONS[current.status].includes(patch.status)
	)
		throw new AppError("conflict", `A ${current.status} purchase cannot become ${patch.status}.`, [
			{ in: "body", field: "status", message: `not allowed from ${current.status}` },
		]);
	if (patch.lines !== undefined) {
		if (current.status !== "draft")
			throw new AppError("conflict", `Lines can be changed only while the purchase is a draft.`, [
				{ in: "body", field: "lines", message: `the purchase is ${current.status}` },
			]);
		await checkReferences(db, companyId, { lines: patch.lines });
	}
	const status = patch.status ?? current.status;
	// A draft never moved stock; once ordered, every change of status re-sends all the lines' effects.
	const movesStock = current.status !== "draft" || status === "ordered";
	if (movesStock) await assertPurchaseWithinBounds(db, current, status, patch.lines);
	// Ordered now: its PurchaseOrder goes to QBO when the company sends purchases there.
	const qboRealm = current.status === "draft" && status === "ordered" ? await purchaseOrderRealm(db, companyId) : null;
	// Every statement checks the version the client read, still unchanged until the last one bumps it.
	const statements: D1PreparedStatement[] = [];
	if (patch.lines !== undefined)
		statements.push(
			env.DB.prepare(`DELETE FROM purchase_lines WHERE company_id = ?1 AND purchase_id = ?2 AND ${UNCHANGED}`).bind(
				companyId,
				id,
				patch.version,
			),
			...lineRows(companyId, id, patch.lines).map((l) => insertLine(env, l, patch.version)),
		);
	// A field left out of the patch keeps its value (?6/?7 say whether to change it).
	statements.push(
		env.DB.prepare(
			`UPDATE purchases SET status = ?4, version = version + 1, updated_at = ?5,
				expected_date = CASE WHEN ?6 THEN ?7 ELSE expected_date END,
				note = CASE WHEN ?8 THEN ?9 ELSE note END,
				qbo_status = CASE WHEN ?10 THEN 'pending' ELSE qbo_status END
			WHERE company_id = ?1 AND id = ?2 AND version = ?3`,
		).bind(
			companyId,
			id,
			patch.version,
			status,
			Date.now(),
			patch.expectedDate !== undefined ? 1 : 0,
			patch.expectedDate ?? null,
			patch.note !== undefined ? 1 : 0,
			patch.note ?? null,
			qboRealm ? 1 : 0,
		),
	);
	const results = await env.DB.batch(statements);
	if (results[results.length - 1]?.meta.changes !== 1)
		throw new AppError("version_conflict", `Purchase ${id} was changed meanwhile; reload it and try again.`);
	const purchase = await getPurchase(db, companyId, id);
	if (movesStock) {
		const lines = await linesOf(db, companyId, id);
		await applyPurchaseEffects(env, purchase, lines, {
			kind: "purchase",
			reason: `${purchase.number} ${status}`,
		}).catch(async (error: unknown) => {
			// A product object refused what D1 did not show yet: the purchase goes back to what it was.
			if (isQuantityRefusal(error)) await undoPurchaseChange(env, current, purchase.version);
			throw error;
		});
	}
	if (qboRealm) await queuePurchaseDocument(env, qboRealm, purchaseOrderRequestId(id));
	// Cancelled with a PurchaseOrder in QBO (or on its way there): it is closed there too.
	if (status === "cancelled" && current.status !== "cancelled" && current.qboStatus !== null) {
		const realmId = await connectedRealm(db, companyId);
		if (realmId) await queuePurchaseDocument(env, realmId, closePurchaseOrderRequestId(id));
	}
	return purchaseDetail(db, companyId, id);
}

/**
 * Refuses (422, naming `lines.<i>.quantity`) a change of status or lines whose stock would pass the
 * bounds at the purchase's location as D1 shows its levels — ordering raises incoming — before
 * anything is written.
 */
async function assertPurchaseWithinBounds(
	db: Database,
	current: Purchase,
	status: PurchaseStatus,
	newLines: LineInput[] | undefined,
) {
	const before = await linesOf(db, current.companyId, current.id);
	const after = newLines ? newLines.map((l) => ({ productId: l.productId, ordered: l.quantity, received: 0 })) : before;
	const position = new Map(after.map((l, i) => [l.productId, i]));
	await assertChangesWithinBounds(
		db,
		current.companyId,
		purchaseChanges(
			current.locationId,
			{ status: current.status, lines: before },
			{ status, lines: after },
			(productId) => `lines.${position.get(productId) ?? 0}.quantity`,
		),
		`Refused, ${current.number} is unchanged`,
	);
}

/**
 * Puts a purchase whose new stock a product object refused back to its status (and QBO status)
 * before the change, if no one changed it since (`written`), and sets its lines' effects again at
 * the version after: lines an object had already taken move back, so nothing of the change is left.
 */
async function undoPurchaseChange(env: Env, before: Purchase, written: number) {
	const db = database(env.DB);
	const undone = await db
		.update(purchases)
		.set({ status: before.status, qboStatus: before.qboStatus, version: written + 1, updatedAt: Date.now() })
		.where(and(eq(purchases.companyId, before.companyId), eq(purchases.id, before.id), eq(purchases.version, written)))
		.returning();
	const purchase = undone[0];
	if (!purchase) return;
	const lines = await linesOf(db, before.companyId, before.id);
	await applyPurchaseEffects(env, purchase, lines, {
		kind: "purchase",
		reason: `${purchase.number} refused, back to ${purchase.status}`,
	}).catch((error: unknown) => console.error(`purchase ${purchase.id}: undoing a refused change failed`, error));
}

/** "The purchase (?1 company, ?2 id) is still at version ?3": the guard of every statement of a write. */
const UNCHANGED = "EXISTS (SELECT 1 FROM purchases WHERE company_id = ?1 AND id = ?2 AND version = ?3)";

/** Inserts one line while the purchase is still at `version`; the cost defaults to the product's purchase cost. */
function insertLine(env: Env, l: ReturnType<typeof lineRows>[number], version: number) {
	return env.DB.prepare(
		`INSERT INTO purchase_lines (company_id, purchase_id, product_id, ordered, received, unit_cost, position)
		SELECT ?1, ?2, ?4, ?5, 0, coalesce(?6, (SELECT purchase_cost FROM products WHERE company_id = ?1 AND id = ?4)), ?7
		WHERE ${UNCHANGED}`,
	).bind(l.companyId, l.purchaseId, version, l.productId, l.ordered, l.unitCost, l.position);
}

function lineRows(companyId: string, purchaseId: string, lines: LineInput[]) {
	return lines.map((l, position) => ({
		companyId,
		purchaseId,
		productId: l.productId,
		ordered: l.quantity,
		received: 0,
		unitCost: l.unitCost ?? null,
		position,
	}));
}

/** The vendor, location and products a purchase names must be the company's; products must be stocked ones. */
async function checkReferences(
	db: Database,
	companyId: string,
	input: { vendorId?: string; locationId?: string; lines: LineInput[] },
) {
	const errors: FieldError[] = [];
	const productIds = [...new Set(input.lines.map((l) => l.productId))];
	const [vendorRows, locationRows, productRows] = await db.batch([
		db
			.select({ id: vendors.id })
			.from(vendors)
			.where(and(eq(vendors.companyId, companyId), eq(vendors.id, input.vendorId ?? ""))),
		db
			.select({ id: locations.id, archivedAt: locations.archivedAt })
			.from(locations)
			.where(and(eq(locations.companyId, companyId), eq(locations.id, input.locationId ?? ""))),
		db
			.select({ id: products.id, type: products.type, archivedAt: products.archivedAt })
			.from(products)
			.where(and(eq(products.companyId, companyId), inArray(products.id, productIds))),
	]);
	if (input.vendorId !== undefined && vendorRows.length === 0)
		errors.push({ in: "body", field: "vendorId", message: "no such vendor" });
	if (input.locationId !== undefined) {
		const location = locationRows[0];
		if (!location) errors.push({ in: "body", field: "locationId", message: "no such location" });
		else if (location.archivedAt !== null) errors.push({ in: "body", field: "locationId", message: "archived" });
	}
	const seen = new Set<string>();
	input.lines.forEach((line, i) => {
		const product = productRows.find((p) => p.id === line.productId);
		const field = `lines.${i}.productId`;
		if (!product) errors.push({ in: "body", field, message: "no such product" });
		else if (product.type !== "inventory")
			errors.push({ in: "body", field, message: "only inventory products can be purchased into stock" });
		else if (product.archivedAt !== null) errors.push({ in: "body", field, message: "archived" });
		if (seen.has(line.productId)) errors.push({ in: "body", field, message: "already on another line" });
		seen.add(line.productId);
	});
	if (errors.length > 0) throw new AppError("validation_failed", "The purchase names things it cannot use.", errors);
}
