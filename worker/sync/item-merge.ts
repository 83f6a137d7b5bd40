/**
 * Items merged in QuickBooks (docs/qbo.md#item-merges): QuickBooks re-points every reference from
 * the item merged away to the survivor and deactivates it, and announces a Merge of the survivor
 * naming the other (`deletedId`). Stockroom follows:
 * - the merged-away product remembers its survivor (`products.merged_into`);
 * - the open orders naming it are re-mapped to the survivor, each an ordinary change of the order
 *   (its reservation moves, what its notes delivered counts for the survivor's line);
 * - the open purchases naming it order the survivor instead, each at its next version (what was
 *   received and what is still incoming move with the line; nothing is pushed);
 * - the bills of materials and kits using it use the survivor instead (quantities added up where
 *   both were used; a line of the survivor's own BOM is dropped);
 * - its stock on hand, per location, is forwarded to the survivor by a pair of adjustments under
 *   one source (`merge:<product>:<its last seq>:<location>`, the survivor's first: a pair cut short
 *   is completed under the same source, never doubled), now and by the cron whenever stock reaches
 *   it later (a document re-pointed in QuickBooks and edited gives its old effect back to it).
 * Nothing is pushed to QuickBooks: the merge is QuickBooks' own. Running it again changes nothing.
 */
import { and, eq, inArray, isNotNull, ne, sql } from "drizzle-orm";
import { getBom, putBom } from "../assemblies/bill-of-materials";
import { AppError } from "../core/app-error";
import { toScaled } from "../core/quantity";
import { type Database, database } from "../db/client";
import {
	assemblyComponents,
	kitComponents,
	type OrderDocumentRecord,
	orders,
	products,
	purchaseLines,
	purchases,
	stockLevels,
} from "../db/schema";
import { applyPurchaseEffects } from "../purchasing/purchase-effects";
import { applyOrder } from "../sales/order-effects";
import { orderState } from "../sales/order-state";
import { findOrder, noteDeliveredOf, orderChangeStatements, withOrderRetry } from "../sales/order-store";
import { executeStockCommand, isQuantityRefusal, readProductStockState } from "../stock/product-stock-client";
import { productsByQboId } from "./catalogue-sync";

type Pair = { companyId: string; from: { id: string; sku: string }; to: { id: string; sku: string } };

/** Follows QuickBooks' merge of item `fromQboId` into `toQboId`. */
export async function mergeItems(env: Env, companyId: string, fromQboId: string, toQboId: string): Promise<void> {
	const db = database(env.DB);
	const found = await productsByQboId(db, companyId, [fromQboId, toQboId]);
	const from = found.get(fromQboId);
	const to = found.get(toQboId);
	if (!from || !to || from.id === to.id) return;
	const pair: Pair = { companyId, from, to };
	await db
		.update(products)
		.set({ mergedInto: to.id })
		.where(and(eq(products.companyId, companyId), eq(products.id, from.id)));
	await repointOrders(env, db, pair);
	await repointPurchases(env, db, pair);
	await repointBoms(db, pair);
	await repointKits(db, pair);
	await forwardStock(env, pair);
}

/** The cron's part: stock that reached a merged-away product since is forwarded to its survivor. */
export async function forwardMergedStock(env: Env, limit = 50): Promise<number> {
	const db = database(env.DB);
	const due = await db
		.selectDistinct({
			companyId: products.companyId,
			id: products.id,
			sku: products.sku,
			mergedInto: products.mergedInto,
		})
		.from(products)
		.innerJoin(stockLevels, eq(stockLevels.productId, products.id))
		.where(and(isNotNull(products.mergedInto), ne(stockLevels.onHand, 0)))
		.limit(limit);
	for (const row of due) {
		const [to] = await db
			.select({ id: products.id, sku: products.sku })
			.from(products)
			.where(and(eq(products.companyId, row.companyId), eq(products.id, row.mergedInto ?? "")));
		if (to) await forwardStock(env, { companyId: row.companyId, from: row, to });
	}
	return due.length;
}

/** Moves the product's on hand, location by location, to its survivor. */
async function forwardStock(env: Env, { companyId, from, to }: Pair): Promise<void> {
	// One location a round; bounded by the number of locations it holds stock at.
	for (let round = 0; round < 1000; round++) {
		const state = await readProductStockState(env, { companyId, productId: from.id });
		const level = state.levels.find((l) => l.onHand !== 0);
		if (!level) return;
		const source = `merge:${from.id}:${state.lastSeq}:${level.locationId}`;
		const move = (productId: string, quantity: number, reason: string) =>
			executeStockCommand(
				env,
				{ companyId, productId },
				{ type: "adjust", source, locationId: level.locationId, quantity, reason },
			);
		try {
			await move(to.id, level.onHand, `merged from ${from.sku} in QuickBooks`);
			await move(from.id, -level.onHand, `merged into ${to.sku} in QuickBooks`);
		} catch (error) {
			// The survivor cannot hold it (beyond the bounds): said, and left where it is.
			if (!isQuantityRefusal(error)) throw error;
			console.warn(`merge of ${from.sku} into ${to.sku}: stock not forwarded: ${error.detail}`);
			return;
		}
	}
}

/** Each order still open that names the product takes the survivor in its place. */
async function repointOrders(env: Env, db: Database, { companyId, from, to }: Pair): Promise<void> {
	const open = await db
		.select({ id: orders.id })
		.from(orders)
		.where(
			and(
				eq(orders.companyId, companyId),
				inArray(orders.status, ["open", "partially_delivered"]),
				sql`EXISTS (SELECT 1 FROM json_each(${orders.lines}) WHERE json_extract(value, '$.productId') = ${from.id}
					AND (json_extract(value, '$.ordered') <> 0 OR json_extract(value, '$.reserved') <> 0))`,
			),
		);
	for (const { id } of open) {
		const changed = await withOrderRetry(async () => {
			const order = await findOrder(db, companyId, id);
			if (!order) return false;
			const documents = order.documents.map((d) => repointDocument(d, from.id, to.id));
			const state = orderState({
				mode: order.mode,
				documents,
				salesQboId: order.salesQboId,
				noteDelivered: await noteDeliveredOf(db, companyId, order.id),
				// The product merged away keeps a line at zero: its reservation goes to nothing.
				previousProducts: order.lines.map((l) => l.productId),
			});
			if (JSON.stringify(state.lines) === JSON.stringify(order.lines)) return false;
			await db.batch(
				orderChangeStatements(
					db,
					order,
					{ documents, status: state.status, lines: state.lines, flags: state.flags },
					`qbo:merge:${from.id}:${to.id}`,
				),
			);
			return true;
		});
		if (changed) await applyOrder(env, companyId, id, { interactive: false });
	}
}

/**
 * Each purchase still open that orders the product orders the survivor instead (one line where
 * both were), at its next version — the line's move guarded by that version in one D1 batch — and
 * its effects are sent again, the product merged away's at zero.
 */
async function repointPurchases(env: Env, db: Database, { companyId, from, to }: Pair): Promise<void> {
	const open = await db
		.select({ id: purchases.id })
		.from(purchases)
		.innerJoin(purchaseLines, and(eq(purchaseLines.purchaseId, purchases.id), eq(purchaseLines.productId, from.id)))
		.where(
			and(eq(purchases.companyId, companyId), inArray(purchases.status, ["draft", "ordered", "partially_received"])),
		);
	for (const { id } of open) {
		const [purchase] = await db
			.select()
			.from(purchases)
			.where(and(eq(purchases.companyId, companyId), eq(purchases.id, id)));
		if (!purchase) continue;
		const lineOf = (productId: string) =>
			and(
				eq(purchaseLines.companyId, companyId),
				eq(purchaseLines.purchaseId, id),
				eq(purchaseLines.productId, productId),
			);
		const lines = await db
			.select()
			.from(purchaseLines)
			.where(and(eq(purchaseLines.companyId, companyId), eq(purchaseLines.purchaseId, id)));
		const moving = lines.find((l) => l.productId === from.id);
		if (!moving) continue;
		const kept = lines.find((l) => l.productId === to.id);
		// This batch's own bump (its time too), not a concurrent writer's: the lines move only with it.
		const now = Date.now();
		const bumped = sql`EXISTS (SELECT 1 FROM purchases WHERE company_id = ${companyId} AND id = ${id}
			AND version = ${purchase.version + 1} AND updated_at = ${now})`;
		const [claimed] = await db.batch([
			db
				.update(purchases)
				.set({ version: purchase.version + 1, updatedAt: now })
				.where(and(eq(purchases.companyId, companyId), eq(purchases.id, id), eq(purchases.version, purchase.version)))
				.returning({ id: purchases.id }),
			kept
				? db
						.update(purchaseLines)
						.set({ ordered: kept.ordered + moving.ordered, received: kept.received + moving.received })
						.where(and(lineOf(to.id), bumped))
				: db
						.update(purchaseLines)
						.set({ productId: to.id })
						.where(and(lineOf(from.id), bumped)),
			...(kept ? [db.delete(purchaseLines).where(and(lineOf(from.id), bumped))] : []),
		]);
		// Changed meanwhile (a receipt): the next merge announcement, or the next run, tries again.
		if (claimed.length === 0) continue;
		if (purchase.status === "draft") continue;
		const after = await db
			.select()
			.from(purchaseLines)
			.where(and(eq(purchaseLines.companyId, companyId), eq(purchaseLines.purchaseId, id)));
		await applyPurchaseEffects(
			env,
			{ ...purchase, version: purchase.version + 1 },
			[...after, { productId: from.id, ordered: 0, received: 0 }],
			{
				kind: "purchase",
				reason: `${purchase.number}: ${from.sku} merged into ${to.sku} in QuickBooks`,
				pushOnHand: false,
			},
		);
	}
}

/** The document's lines with the survivor for the product merged away (one line where both were). */
function repointDocument(document: OrderDocumentRecord, fromId: string, toId: string): OrderDocumentRecord {
	const lines: OrderDocumentRecord["lines"] = [];
	for (const line of document.lines) {
		const productId = line.productId === fromId ? toId : line.productId;
		const kits = line.kits.map((k) => (k.productId === fromId ? { ...k, productId: toId } : k));
		const same = lines.find((l) => l.productId === productId);
		if (same) {
			same.quantity += line.quantity;
			same.kits = [...same.kits, ...kits];
		} else lines.push({ ...line, productId, kits });
	}
	return { ...document, lines };
}

/** Every bill of materials using the product uses the survivor; a cycle it would make is said and left. */
async function repointBoms(db: Database, { companyId, from, to }: Pair): Promise<void> {
	const assemblies = await db
		.selectDistinct({ id: assemblyComponents.assemblyProductId })
		.from(assemblyComponents)
		.where(and(eq(assemblyComponents.companyId, companyId), eq(assemblyComponents.componentProductId, from.id)));
	for (const { id } of assemblies) {
		const bom = await getBom(db, companyId, id);
		const components = new Map<string, number>();
		for (const c of bom.components) {
			const productId = c.productId === from.id ? to.id : c.productId;
			if (productId === id) continue;
			components.set(productId, (components.get(productId) ?? 0) + toScaled(c.quantity));
		}
		try {
			await putBom(db, companyId, id, {
				components: [...components].map(([productId, quantity]) => ({ productId, quantity })),
				version: bom.version,
			});
		} catch (error) {
			if (!(error instanceof AppError)) throw error;
			console.warn(`merge of ${from.sku} into ${to.sku}: the bill of materials of ${id} kept: ${error.detail}`);
		}
	}
}

/** Every kit using the product uses the survivor (quantities added up where both were). */
async function repointKits(db: Database, { companyId, from, to }: Pair): Promise<void> {
	const lines = await db
		.select()
		.from(kitComponents)
		.where(and(eq(kitComponents.companyId, companyId), eq(kitComponents.componentProductId, from.id)));
	for (const line of lines) {
		if (line.kitProductId === to.id) continue;
		await db.batch([
			db
				.insert(kitComponents)
				.values({ ...line, componentProductId: to.id })
				.onConflictDoUpdate({
					target: [kitComponents.kitProductId, kitComponents.componentProductId],
					set: { quantity: sql`${kitComponents.quantity} + ${line.quantity}` },
				}),
			db
				.delete(kitComponents)
				.where(
					and(
						eq(kitComponents.companyId, companyId),
						eq(kitComponents.kitProductId, line.kitProductId),
						eq(kitComponents.componentProductId, from.id),
					),
				),
		]);
	}
}
