import { describe, expect, it } from "vitest";
import { niceTicks, stockChartGeometry, stockHistory } from "../../ui/src/app/stock-history";

const at = (day: number) => new Date(Date.UTC(2026, 10, day, 12)).toISOString();
const time = (day: number) => Date.parse(at(day));

describe("stock over time", () => {
	it("rebuilds the total on hand backwards from today's total, oldest first", () => {
		// Newest first, as GET /movements answers: received 10 on the 1st, sold 3 on the 5th, adjusted −2 on the 9th.
		const movements = [
			{ at: at(9), onHandDelta: -2 },
			{ at: at(5), onHandDelta: -3 },
			{ at: at(1), onHandDelta: 10 },
		];
		expect(stockHistory(5, movements, time(20))).toEqual([
			{ at: time(1), onHand: 0 },
			{ at: time(1), onHand: 10 },
			{ at: time(5), onHand: 7 },
			{ at: time(9), onHand: 5 },
			{ at: time(20), onHand: 5 },
		]);
	});

	it("skips movements that do not change on hand (reservations, incoming)", () => {
		const points = stockHistory(
			4,
			[
				{ at: at(3), onHandDelta: 0 },
				{ at: at(2), onHandDelta: 4 },
			],
			time(10),
		);
		expect(points.map((p) => p.onHand)).toEqual([0, 4, 4]);
	});

	it("keeps the total flat through a transfer, whose two legs share an instant", () => {
		const movements = [
			{ at: at(6), onHandDelta: 25 },
			{ at: at(6), onHandDelta: -25 },
			{ at: at(2), onHandDelta: 10 },
		];
		expect(stockHistory(10, movements, time(9)).map((p) => p.onHand)).toEqual([0, 10, 10]);
	});

	it("adds decimals exactly over a long ledger", () => {
		const movements = Array.from({ length: 1000 }, (_, i) => ({
			at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
			onHandDelta: 0.1,
		})).reverse();
		const points = stockHistory(100, movements, Date.UTC(2026, 1, 1));
		expect(points[0]?.onHand).toBe(0);
		expect(points).toHaveLength(1002);
		expect(points.every((p) => Number.isInteger(Math.round(p.onHand * 10_000)))).toBe(true);
	});

	it("shows a flat line at today's total when nothing moved", () => {
		expect(stockHistory(7, [], time(3))).toEqual([{ at: time(3), onHand: 7 }]);
	});

	it("goes below zero when the product was oversold", () => {
		const points = stockHistory(-2, [{ at: at(4), onHandDelta: -5 }], time(5));
		expect(points.map((p) => p.onHand)).toEqual([3, -2, -2]);
	});
});

describe("the stock chart's scale", () => {
	const box = { width: 600, height: 200, left: 50, right: 10, top: 10, bottom: 30 };

	it("picks round ticks that cover the values and zero", () => {
		expect(niceTicks(0, 47, 4)).toEqual([0, 20, 40, 60]);
		expect(niceTicks(-3, 9, 4)).toEqual([-5, 0, 5, 10]);
		expect(niceTicks(0, 10, 4)).toEqual([0, 2.5, 5, 7.5, 10]);
		expect(niceTicks(0, 0.6, 4)).toEqual([0, 0.2, 0.4, 0.6]);
		expect(niceTicks(0, 0, 4)).toEqual([0, 1]);
	});

	it("draws steps from the left edge to the right edge, highest value near the top", () => {
		const points = [
			{ at: 0, onHand: 0 },
			{ at: 0, onHand: 10 },
			{ at: 100, onHand: 5 },
		];
		const geometry = stockChartGeometry(points, box);
		expect(geometry.path).toBe("M50 170 H50 V10 H590 V90");
		expect(geometry.yTicks.at(-1)).toEqual({ value: 10, position: 10 });
		expect(geometry.yTicks[0]).toEqual({ value: 0, position: 170 });
	});

	it("draws a single point as a flat line across the chart", () => {
		const geometry = stockChartGeometry([{ at: 5, onHand: 3 }], box);
		expect(geometry.path).toMatch(/^M50 \d+(\.\d+)? H590$/);
	});
});
