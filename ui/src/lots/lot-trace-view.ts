/**
 * A lot's trace (`GET /products/{id}/lots/{lot}/trace`) as its page shows it: what put the lot's
 * stock in (its origins) and what took it out (where it went), each source with its quantity and,
 * for a build, the lots on its other side; and the lots it was built from and built into, level by
 * level, each with the build that joins it to the next. Pure: tested on Node.
 */
import type { LotTrace, TraceLot, TraceSource } from "../api/types";

/** A lot on the other side of a build, and how much of it. */
export type LinkedLot = TraceLot & { quantity: number };

/** One source of the traced lot: what it moved of the lot, and the lots a build joined to it. */
export type TraceStep = { source: TraceSource; quantity: number; lots: LinkedLot[] };

/** A lot found through builds, with the build that joins it towards the traced lot. */
export type BuiltLot = { lot: TraceLot; build: TraceSource | null };

export type TraceView = {
	origins: TraceStep[];
	destinations: TraceStep[];
	builtFrom: BuiltLot[];
	builtInto: BuiltLot[];
};

const keyOf = (l: { productId: string; lot: string }) => `${l.productId}\u0000${l.lot}`;

/** @example traceView(trace).destinations[0]?.source.order?.customerName // "Bayside Bikes" */
export function traceView(trace: LotTrace): TraceView {
	const root = keyOf(trace.lot);
	const lots = new Map(trace.lots.map((l) => [keyOf(l), l]));
	const sources = new Map(trace.sources.map((s) => [s.source, s]));
	const otherSide = (source: string, flow: "in" | "out"): LinkedLot[] =>
		trace.edges.flatMap((e) => {
			const lot = lots.get(keyOf(e));
			return e.source === source && e.flow === flow && keyOf(e) !== root && lot
				? [{ ...lot, quantity: e.quantity }]
				: [];
		});
	const steps = (flow: "in" | "out"): TraceStep[] =>
		trace.edges
			.filter((e) => e.flow === flow && keyOf(e) === root)
			.flatMap((e) => {
				const source = sources.get(e.source);
				if (!source) return [];
				// A build that made the lot used lots (out of them); one that used it made lots (into them).
				const lots = source.type === "build" ? otherSide(e.source, flow === "in" ? "out" : "in") : [];
				return [{ source, quantity: e.quantity, lots }];
			})
			.sort((a, b) => (a.source.at < b.source.at ? -1 : a.source.at > b.source.at ? 1 : 0));
	/** The build that joins a lot towards the traced one: what made it (forward), what used it (backward). */
	const joiningBuild = (lot: TraceLot): TraceSource | null => {
		const flow = lot.side === "forward" ? "in" : "out";
		const edge = trace.edges.find(
			(e) => keyOf(e) === keyOf(lot) && e.flow === flow && sources.get(e.source)?.type === "build",
		);
		return edge ? (sources.get(edge.source) ?? null) : null;
	};
	const built = (side: "backward" | "forward"): BuiltLot[] =>
		trace.lots
			.filter((l) => l.side === side)
			.sort((a, b) => a.depth - b.depth || a.sku.localeCompare(b.sku) || a.lot.localeCompare(b.lot))
			.map((lot) => ({ lot, build: joiningBuild(lot) }));
	return {
		origins: steps("in"),
		destinations: steps("out"),
		builtFrom: built("backward"),
		builtInto: built("forward"),
	};
}
