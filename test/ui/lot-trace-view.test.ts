/**
 * A lot's page on Node: its address (`#/lots/<productId>/<lot>`, both parts encoded, under the Lots
 * entry of the nav), and the trace as it shows it — origins, where the lot went, and the lots built
 * from and into it level by level with the build that joins each.
 */
import { describe, expect, it } from "vitest";
import type { LotTrace, TraceSource } from "../../ui/src/api/types";
import { navPageOf, parseRoute, routeHash } from "../../ui/src/app/router";
import { traceView } from "../../ui/src/lots/lot-trace-view";

const source = (s: Partial<TraceSource> & Pick<TraceSource, "source" | "type" | "at">): TraceSource => ({
	kind: "adjustment",
	locationId: "loc",
	reason: null,
	reasonCode: null,
	reasonParams: null,
	purchase: null,
	delivery: null,
	order: null,
	build: null,
	qboDocument: null,
	...s,
});

const lot = (productId: string, sku: string, name: string, side: "root" | "backward" | "forward", depth: number) => ({
	productId,
	lot: name,
	sku,
	name: sku,
	tracking: "lot" as const,
	expiry: null,
	batch: null,
	side,
	depth,
});

describe("a lot's address", () => {
	it("opens a lot's page, both parts decoded, under Lots, and links back to the same address", () => {
		const route = parseRoute("#/lots/p-1/L%2F7%20A");
		expect(route).toEqual({ page: "lot", productId: "p-1", lot: "L/7 A" });
		expect(routeHash(route)).toBe("#/lots/p-1/L%2F7%20A");
		expect(navPageOf(route)).toBe("lots");
		expect(parseRoute("#/lots/p-1")).toEqual({ page: "not-found", path: "/lots/p-1" });
		expect(parseRoute("#/lots/p-1/a/b")).toEqual({ page: "not-found", path: "/lots/p-1/a/b" });
	});
});

describe("a lot's trace as its page shows it", () => {
	// HOSE-1 was built (BD-1) from CELL-1, delivered once (DN-1), and built (BD-2) into PUMP-1.
	const trace: LotTrace = {
		lot: lot("hose", "HOSE", "HOSE-1", "root", 0),
		locations: [{ locationId: "loc", onHand: 1 }],
		onHand: 1,
		history: [],
		historyTruncated: false,
		truncated: false,
		lots: [
			lot("hose", "HOSE", "HOSE-1", "root", 0),
			lot("cell", "CELL", "CELL-1", "backward", 1),
			lot("pump", "PUMP", "PUMP-1", "forward", 1),
		],
		sources: [
			source({
				source: "build:1",
				type: "build",
				kind: "build",
				at: "2024-01-01T00:00:00Z",
				build: { id: "1", number: "BD-1", kind: "build", productId: "hose" },
			}),
			source({
				source: "build:2",
				type: "build",
				kind: "build",
				at: "2024-01-03T00:00:00Z",
				build: { id: "2", number: "BD-2", kind: "build", productId: "pump" },
			}),
			source({
				source: "delivery:n",
				type: "delivery",
				kind: "delivery",
				at: "2024-01-02T00:00:00Z",
				delivery: { id: "n", number: "DN-1", status: "active" },
				order: {
					id: "o",
					number: "1001",
					customerName: "Bayside",
					qboType: "invoice",
					qboId: "9",
					qboDocNumber: "1001",
				},
			}),
		],
		edges: [
			{ productId: "cell", lot: "CELL-1", source: "build:1", flow: "out", quantity: 6 },
			{ productId: "hose", lot: "HOSE-1", source: "build:1", flow: "in", quantity: 3 },
			{ productId: "hose", lot: "HOSE-1", source: "delivery:n", flow: "out", quantity: 1 },
			{ productId: "hose", lot: "HOSE-1", source: "build:2", flow: "out", quantity: 2 },
			{ productId: "pump", lot: "PUMP-1", source: "build:2", flow: "in", quantity: 2 },
		],
	};

	it("lists what put the lot in and what took it out, by date, each build with the lots on its other side", () => {
		const view = traceView(trace);
		expect(view.origins.map((s) => [s.source.source, s.quantity, s.lots.map((l) => [l.lot, l.quantity])])).toEqual([
			["build:1", 3, [["CELL-1", 6]]],
		]);
		expect(view.destinations.map((s) => [s.source.source, s.quantity, s.lots.map((l) => [l.lot, l.quantity])])).toEqual(
			[
				["delivery:n", 1, []],
				["build:2", 2, [["PUMP-1", 2]]],
			],
		);
	});

	it("lists the lots built from and into it, each with the build that joins it", () => {
		const view = traceView(trace);
		expect(view.builtFrom.map((b) => [b.lot.lot, b.lot.depth, b.build?.build?.number])).toEqual([
			["CELL-1", 1, "BD-1"],
		]);
		expect(view.builtInto.map((b) => [b.lot.lot, b.lot.depth, b.build?.build?.number])).toEqual([
			["PUMP-1", 1, "BD-2"],
		]);
	});
});
