/**
 * The assertions every end-to-end scenario ends its steps with: the app's levels equal the
 * reference (after the simulator delivered its webhooks and the app had time to apply them), the
 * simulator's own QtyOnHand equals the reference's view of QBO, and the app's books reconcile.
 */
import { isDeepStrictEqual } from "node:util";
import { expect } from "vitest";
import type { StockReference } from "./reference.ts";
import { type Scenario, settle } from "./stack.ts";

type Row = { onHand: number; reserved: number; available: number };

/** Every level row at a location; rows the reference does not know (kits, services) must stay at zero. */
async function actualRows(scenario: Scenario, location: string): Promise<Record<string, Row>> {
	const levels = await scenario.levels(undefined, location);
	return Object.fromEntries(
		[...levels].map(([sku, l]) => [sku, { onHand: l.onHand, reserved: l.reserved, available: l.available }]),
	);
}

function expectedRows(reference: StockReference, location: string, actual: Record<string, Row>): Record<string, Row> {
	const rows: Record<string, Row> = {};
	for (const sku of Object.keys(actual)) rows[sku] = { onHand: 0, reserved: 0, available: 0 };
	for (const [sku, { onHand, reserved }] of reference.expected(location))
		rows[sku] = { onHand, reserved, available: (onHand * 10_000 - reserved * 10_000) / 10_000 };
	return rows;
}

/** Levels at every location of the company, by location name then SKU. */
async function allRows(scenario: Scenario): Promise<Record<string, Record<string, Row>>> {
	const out: Record<string, Record<string, Row>> = {};
	for (const location of scenario.locations.keys()) out[location] = await actualRows(scenario, location);
	return out;
}

function allExpected(
	reference: StockReference,
	actual: Record<string, Record<string, Row>>,
): Record<string, Record<string, Row>> {
	return Object.fromEntries(
		Object.entries(actual).map(([location, rows]) => [location, expectedRows(reference, location, rows)]),
	);
}

/**
 * Waits (bounded) until the app's levels at every location equal the reference, then asserts them
 * — a timeout fails with the difference. Also asserts QBO's QtyOnHand in the simulator, which
 * checks the reference itself.
 */
export async function expectStock(scenario: Scenario, reference: StockReference, timeoutMs = 10_000): Promise<void> {
	await scenario.flushWebhooks();
	const actual = await settle(
		() => allRows(scenario),
		(rows) => isDeepStrictEqual(rows, allExpected(reference, rows)),
		{ timeoutMs },
	);
	expect(actual, "levels in Stockroom, per location").toEqual(allExpected(reference, actual));

	const catalogue = await scenario.readCatalogue();
	const qbo = Object.fromEntries(
		[...catalogue.values()].filter((i) => i.type === "Inventory").map((i) => [i.sku ?? i.name, i.qtyOnHand]),
	);
	expect(qbo, "QtyOnHand in QBO (the simulator)").toEqual(Object.fromEntries(reference.expectedQboQuantity()));
}

/**
 * The end of a scenario: the reconciliation is ok and no event died in the sync log — nor failed
 * even once, unless `failuresExpected` (QBO faults were injected).
 */
export async function expectConsistent(scenario: Scenario, { failuresExpected = false } = {}): Promise<void> {
	const reconciliation = await settle(
		() => scenario.reconciliation(),
		(r) => r.ok,
	);
	expect(reconciliation).toMatchObject({ ok: true, mismatches: [] });
	const troubled = (await scenario.syncLog()).filter(
		(e) => e.status === "dead" || (e.status === "failed" && !failuresExpected),
	);
	expect(troubled, "sync log entries that failed").toEqual([]);
}
