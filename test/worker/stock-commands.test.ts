import { describe, expect, it } from "vitest";
import { makeCompany } from "./helpers";

type Level = { locationId: string; onHand: number; available: number; reserved: number };
type CommandAnswer = { movementId: string | null; levels: Level[] };

describe("stock commands", () => {
	it("an adjustment changes on hand at its location and answers the level row and movement", async () => {
		const co = await makeCompany();
		const [productId] = co.productIds;
		const [warehouse] = co.locationIds;
		const res = await co.api.post("/api/v1/adjustments", {
			productId,
			locationId: warehouse,
			quantity: 12.5,
			reason: "found in back room",
			idempotencyKey: "adj-1",
		});
		expect(res.status).toBe(201);
		const body = res.json<CommandAnswer>();
		expect(body.movementId).toMatch(/^[0-9A-Z]{26}$/);
		expect(body.levels).toMatchObject([{ productId, locationId: warehouse, onHand: 12.5, available: 12.5 }]);
		const levels = await co.api.get(`/api/v1/levels?location=${warehouse}`);
		expect(levels.json<{ items: Level[] }>().items[0]).toMatchObject({ onHand: 12.5 });
	});
});
