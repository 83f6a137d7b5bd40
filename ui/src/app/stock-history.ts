/**
 * Stock over time for a product's chart: the ledger only records changes, so the running total is
 * rebuilt backwards from today's total, one movement at a time. Quantities carry at most 4
 * decimals; the walk runs on integers (×10 000) so that a long ledger does not drift.
 */
export type MovementDelta = { at: string; onHandDelta: number };
export type StockPoint = { at: number; onHand: number };

const SCALE = 10_000;
const scaled = (value: number) => Math.round(value * SCALE);

/**
 * The total on hand after each change, oldest first, starting with the balance just before the
 * oldest movement given and ending with `currentTotal` at `now`. `movements` are newest first, as
 * `GET /movements` answers; those that do not touch on hand (reservations, incoming) are skipped.
 * Read it as a step line: each point's value holds until the next point.
 */
export function stockHistory(currentTotal: number, movements: readonly MovementDelta[], now: number): StockPoint[] {
	// One change per instant, newest first: the two legs of a transfer (same instant) cancel out
	// instead of drawing a spike, and what nets to zero is no change at all.
	const byInstant = new Map<number, number>();
	for (const m of movements) {
		const at = Date.parse(m.at);
		if (m.onHandDelta !== 0 && !Number.isNaN(at)) byInstant.set(at, (byInstant.get(at) ?? 0) + scaled(m.onHandDelta));
	}
	const changes = [...byInstant]
		.filter(([, delta]) => delta !== 0)
		.map(([at, delta]) => ({ at, delta }))
		.sort((a, b) => b.at - a.at);
	let balance = scaled(currentTotal);
	const points: StockPoint[] = [{ at: Math.max(now, changes[0]?.at ?? now), onHand: balance / SCALE }];
	for (const change of changes) {
		points.push({ at: change.at, onHand: balance / SCALE });
		balance -= change.delta;
	}
	const oldest = changes.at(-1);
	if (oldest) points.push({ at: oldest.at, onHand: balance / SCALE });
	return points.reverse();
}

export type ChartBox = { width: number; height: number; left: number; right: number; top: number; bottom: number };
export type ChartTick = { value: number; position: number };
export type StockChartGeometry = {
	/** An SVG path (`M … H … V …`) drawing the points as steps. */
	path: string;
	yTicks: ChartTick[];
	/** The time span drawn, for the axis labels. */
	from: number;
	to: number;
};

/**
 * Where a step line of `points` goes in a box: y from a "nice" range that includes zero, x by time.
 * A single instant (or no points) still draws a flat line across the box.
 */
export function stockChartGeometry(points: readonly StockPoint[], box: ChartBox): StockChartGeometry {
	const first = points[0];
	const last = points.at(-1);
	const from = first?.at ?? 0;
	const to = last && last.at > from ? last.at : from + 1;
	const values = points.map((p) => p.onHand);
	const ticks = niceTicks(Math.min(0, ...values), Math.max(0, ...values), 4);
	const low = ticks[0] ?? 0;
	const high = ticks.at(-1) ?? 1;
	const innerWidth = box.width - box.left - box.right;
	const innerHeight = box.height - box.top - box.bottom;
	const x = (at: number) => round(box.left + ((at - from) / (to - from)) * innerWidth);
	const y = (value: number) => round(box.top + (1 - (value - low) / (high - low || 1)) * innerHeight);
	let path = "";
	points.forEach((point, index) => {
		if (index === 0) path = `M${x(point.at)} ${y(point.onHand)}`;
		else path += ` H${x(point.at)} V${y(point.onHand)}`;
	});
	if (points.length === 1 && first) path += ` H${x(to)}`;
	return { path, yTicks: ticks.map((value) => ({ value, position: y(value) })), from, to };
}

/** Round tick values (1, 2, 2.5 or 5 × 10ⁿ apart) covering [min, max], about `count` steps. */
export function niceTicks(min: number, max: number, count: number): number[] {
	if (max === min) return min === 0 ? [0, 1] : niceTicks(Math.min(0, min), Math.max(0, max) || 1, count);
	const raw = (max - min) / Math.max(1, count);
	const magnitude = 10 ** Math.floor(Math.log10(raw));
	const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
	const start = Math.floor(min / step) * step;
	const ticks: number[] = [];
	for (let i = 0; start + i * step < max + step * 0.999; i++) ticks.push(Number((start + i * step).toPrecision(12)));
	return ticks;
}

function round(value: number): number {
	return Math.round(value * 100) / 100;
}
