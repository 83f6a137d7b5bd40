/**
 * `GET /lots/unassigned`, the "to assign" list (docs/architecture.md#lots): per product tracked by
 * lot and location, the stock in no lot yet, by SKU, a page at a time; kept to the caller's
 * locations; gone once an assignment puts that stock into lots.
 */
import { describe, expect, it } from "vitest";
import { roleToken } from "./access-fixtures";
import { adjust, expectProblem } from "./api-checks";
import { makeCompany } from "./helpers";

type Unassigned = {
	productId: string;
	sku: string;
	name: string;
	expiryRequired: boolean;
	locationId: string;
	onHand: number;
	assigned: number;
	unassigned: number;
};
type UnassignedPage = { items: Unassigned[]; nextCursor: string | null };

const key = () => `unassigned-${crypto.randomUUID()}`;

describe("GET /lots/unassigned", () => {
	it("lists the unassigned rest of lot-tracked products per location, by SKU, a page at a time, to the caller's locations", async () => {
		const co = await makeCompany({ locations: 2, products: 3 });
		const [p0 = "", p1 = "", p2 = ""] = co.productIds;
		const [a = "", b = ""] = co.locationIds;
		await adjust(co, p0, a, 12);
		await adjust(co, p0, b, 3);
		await adjust(co, p1, a, 5);
		await adjust(co, p2, a, 7); // not tracked by lot: never listed
		for (const [id, options] of [
			[p0, { expiryRequired: true }],
			[p1, {}],
		] as const) {
			const res = await co.api.patch(`/api/v1/products/${id}`, { tracking: "lot", ...options });
			expect(res.status, JSON.stringify(res.body)).toBe(200);
		}
		// Part of p1's stock goes into a lot: only the rest is to assign.
		const assigned = await co.api.post("/api/v1/lots/assignments", {
			productId: p1,
			locationId: a,
			lots: [{ lot: "L1", quantity: 2 }],
			idempotencyKey: key(),
		});
		expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);

		// p0's two locations in the list's order (by id), with what each holds.
		const [[firstLocation, firstQty], [secondLocation, secondQty]] =
			a < b
				? ([
						[a, 12],
						[b, 3],
					] as const)
				: ([
						[b, 3],
						[a, 12],
					] as const);
		const all = await co.api.get("/api/v1/lots/unassigned");
		expect(all.status, JSON.stringify(all.body)).toBe(200);
		expect(all.json<UnassignedPage>()).toEqual({
			items: [
				{
					productId: p0,
					sku: "SKU-0000",
					name: "Product 0",
					tracking: "lot",
					expiryRequired: true,
					locationId: firstLocation,
					onHand: firstQty,
					assigned: 0,
					unassigned: firstQty,
				},
				expect.objectContaining({ productId: p0, locationId: secondLocation, unassigned: secondQty }),
				{
					productId: p1,
					sku: "SKU-0001",
					name: "Product 1",
					tracking: "lot",
					expiryRequired: false,
					locationId: a,
					onHand: 5,
					assigned: 2,
					unassigned: 3,
				},
			],
			nextCursor: null,
		});

		// A page at a time: the cursor goes on where the last page stopped.
		const first = (await co.api.get("/api/v1/lots/unassigned?limit=2")).json<UnassignedPage>();
		expect(first.items).toHaveLength(2);
		expect(first.nextCursor).not.toBeNull();
		const second = (
			await co.api.get(`/api/v1/lots/unassigned?limit=2&cursor=${encodeURIComponent(first.nextCursor ?? "")}`)
		).json<UnassignedPage>();
		expect(second).toEqual({ items: [expect.objectContaining({ productId: p1, locationId: a })], nextCursor: null });

		// Filters by product and location.
		const atB = (await co.api.get(`/api/v1/lots/unassigned?locationId=${b}`)).json<UnassignedPage>();
		expect(atB.items.map((i) => [i.productId, i.unassigned])).toEqual([[p0, 3]]);
		const ofP1 = (await co.api.get(`/api/v1/lots/unassigned?productId=${p1}`)).json<UnassignedPage>();
		expect(ofP1.items.map((i) => [i.locationId, i.unassigned])).toEqual([[a, 3]]);

		// A staff member limited to location B sees B only, and is refused A by name.
		const staff = await roleToken(co, "staff", [b]);
		const limited = (await staff.api.get("/api/v1/lots/unassigned")).json<UnassignedPage>();
		expect(limited.items.map((i) => [i.productId, i.locationId])).toEqual([[p0, b]]);
		expectProblem(await staff.api.get(`/api/v1/lots/unassigned?locationId=${a}`), 403, "forbidden", "locationId");

		// Assigned in full, the row leaves the list.
		const rest = await co.api.post("/api/v1/lots/assignments", {
			productId: p0,
			locationId: b,
			lots: [{ lot: "B1", expiry: "2099-01-31", quantity: 3 }],
			idempotencyKey: key(),
		});
		expect(rest.status, JSON.stringify(rest.body)).toBe(201);
		const after = (await co.api.get(`/api/v1/lots/unassigned?locationId=${b}`)).json<UnassignedPage>();
		expect(after.items).toEqual([]);
	});

	it("refuses an unknown parameter or a bad cursor by name, changing nothing", async () => {
		const co = await makeCompany({ locations: 1, products: 1 });
		expectProblem(await co.api.get("/api/v1/lots/unassigned?expired=true"), 400, "validation_failed");
		expectProblem(await co.api.get("/api/v1/lots/unassigned?limit=0"), 400, "validation_failed", "limit");
		expectProblem(await co.api.get("/api/v1/lots/unassigned?cursor=nonsense"), 400, "validation_failed", "cursor");
	});
});
