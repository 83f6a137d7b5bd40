/**
 * Sends an order's stock to the product objects: the order's own effect per product (source = its
 * first document's, `qbo:<Type>:<Id>`, at the order's version) and each delivery note's effect per
 * product (source `delivery:<noteId>`, version 1 active, 2 cancelled). Every effect is absolute, so
 * applying the same order again — after a crash, on a retried request, from the cron — changes
 * nothing that is already right and completes what is not. A version that a product object refuses
 * (a quantity beyond the bounds) would be refused every time: it is marked so in its revision, and
 * the cron leaves it (order-store.ts `markRefused`). Then what the order owes QuickBooks' quantity
 * itself (goods delivered on an estimate) is handed over (order-qbo-pushes.ts).
 *
 * An active note's line names the lots it picks (negative: out of them), for the note's decrease of
 * on hand; sent again at the same version it moves nothing, and cancelled (version 2) it names none:
 * the object puts the goods back into the lots the note took them from.
 */
import { AppError } from "../core/app-error";
import { database } from "../db/client";
import { documentSource } from "../qbo/document-effects";
import {
	enqueueStockCommand,
	executeStockCommand,
	isLotRefusal,
	isQuantityRefusal,
	NegativeStockRefusal,
} from "../stock/product-stock-client";
import type { StockCommand } from "../stock/stock-command";
import { QBO_TYPE_OF } from "./order-documents";
import { handOrderPushes } from "./order-qbo-pushes";
import { deliveryLineEffect, orderLineEffect } from "./order-state";
import { findOrder, markApplied, markRefused, notesOfOrders } from "./order-store";

export function deliverySource(noteId: string): string {
	return `delivery:${noteId}`;
}

export function orderSource(order: { originType: "invoice" | "sales_receipt" | "estimate"; originQboId: string }) {
	return documentSource(QBO_TYPE_OF[order.originType], order.originQboId);
}

/**
 * Applies the order as D1 holds it now. `interactive`: wait until the movements are in the ledger
 * (a user reads their own write); otherwise they flush in the background (sync traffic).
 * `refuseLotsOf`: the note whose lots, if a product object refuses one, fail the call (its own
 * request undoes it); any other note's pick a lot can no longer serve is taken first-expiry-first-out
 * instead — the goods have left, and the order's sync or repair must not stall on it.
 * `refuseNegativeOf`: the note a person is delivering without confirming to go below zero: its
 * product objects refuse it when it would take available below zero (docs/architecture.md#negative-stock).
 */
export async function applyOrder(
	env: Env,
	companyId: string,
	orderId: string,
	options: { interactive: boolean; refuseLotsOf?: string | undefined; refuseNegativeOf?: string | undefined },
): Promise<void> {
	const db = database(env.DB);
	const order = await findOrder(db, companyId, orderId);
	if (!order) return;
	const notes = await notesOfOrders(db, companyId, [orderId]);
	const send = options.interactive ? executeStockCommand : enqueueStockCommand;
	const commands: { productId: string; command: StockCommand; strictLots?: boolean }[] = [];
	const label = order.docNumber ?? `#${order.originQboId}`;
	for (const line of order.lines)
		commands.push({
			productId: line.productId,
			command: {
				type: "set",
				source: orderSource(order),
				kind: order.originType,
				locationId: order.locationId,
				effect: orderLineEffect(line),
				version: order.version,
				reason: `Order ${label} (${order.status})`,
			},
		});
	for (const note of notes)
		for (const line of note.lines) {
			const picks = note.status === "active" ? line.lots : [];
			commands.push({
				productId: line.productId,
				command: {
					type: "set",
					source: deliverySource(note.id),
					kind: "delivery",
					locationId: note.locationId,
					effect: deliveryLineEffect(note.status, line.quantity),
					version: note.version,
					reason: `${note.number} (order ${label})${note.status === "cancelled" ? " cancelled" : ""}`,
					...(picks.length > 0 ? { lots: picks.map((l) => ({ lot: l.lot, quantity: -l.quantity })) } : {}),
					...(note.id === options.refuseNegativeOf ? { refuseNegative: { exceptReservedBy: orderSource(order) } } : {}),
				},
				strictLots: note.id === options.refuseLotsOf,
			});
		}
	const results = await Promise.allSettled(
		commands.map(({ productId, command, strictLots }) =>
			send(env, { companyId, productId }, command).catch((error: unknown) => {
				if (!isLotRefusal(error) || strictLots || command.type !== "set" || !command.lots) throw error;
				console.warn(`${command.source}: ${error.detail} The pick is taken first-expiry-first-out instead.`);
				const { lots: _refused, ...fefo } = command;
				return send(env, { companyId, productId }, fefo);
			}),
		),
	);
	const failures = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
	const refusals = failures.filter(isQuantityRefusal);
	if (refusals.length > 0) {
		// Sending this version again would be refused again: the repair is told to leave it.
		const why = refusals.map((e) => e.detail).join(" ");
		await markRefused(db, companyId, orderId, order.version, why);
		throw new AppError(
			"quantity_out_of_bounds",
			`Order ${label} was not applied to stock: ${why}`,
			refusals.flatMap((e) => e.errors ?? []),
		);
	}
	if (failures.length > 0)
		throw failures.find(isLotRefusal) ?? failures.find((e) => e instanceof NegativeStockRefusal) ?? failures[0];
	// Before it is marked applied: a crash here leaves the order to the repair, which hands them again.
	await handOrderPushes(env, db, order);
	await markApplied(db, companyId, orderId, order.version);
}
