/**
 * One search over a company (GET /api/v1/search) and the barcodes it finds products by (PATCH
 * /api/v1/products/{id}): what the header's search box and a barcode scanner get back.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { products, vendors } from "../../worker/db/schema";
import { syncItems } from "../../worker/sync/catalogue-sync";
import { makeInventoryItem } from "../fixtures/qbo/catalogue";
import { makeInvoice } from "../fixtures/qbo/documents";
import { salesLine } from "../fixtures/qbo/lines";
import { expectProblem } from "./api-checks";
import { db, makeCompany, type TestCompany } from "./helpers";
import { salesCompany, sync } from "./orders-fixtures";

type Result = { kind: string; id: string; label: string; detail: string | null; href: string; exact: boolean };

async function search(co: TestCompany, q: string): Promise<Result[]> {
	const res = await co.api.get(`/api/v1/search?q=${encodeURIComponent(q)}`);
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	return res.json<{ items: Result[] }>().items;
}

const labels = (items: Result[], kind: string) => items.filter((r) => r.kind === kind).map((r) => r.label);

async function setBarcode(co: TestCompany, productId: string, barcode: string | null) {
	return co.api.patch(`/api/v1/products/${productId}`, { barcode });
}

async function barcodeOf(co: TestCompany, productId: string) {
	return (await co.api.get(`/api/v1/products/${productId}`)).json<{ barcode: string | null }>().barcode;
}

async function renameProducts(co: TestCompany, names: [sku: string, name: string][]) {
	for (const [i, [sku, name]] of names.entries())
		await db
			.update(products)
			.set({ sku, name })
			.where(eq(products.id, co.productIds[i] ?? ""));
}

describe("barcodes", () => {
	it("a manager sets a GTIN, reads it back and clears it; a bad one is refused naming the field and why", async () => {
		const co = await makeCompany({ products: 2 });
		const [first = "", second = ""] = co.productIds;
		expect(await barcodeOf(co, first)).toBeNull();

		const saved = await setBarcode(co, first, "4006381333931"); // EAN-13
		expect(saved.status, JSON.stringify(saved.body)).toBe(200);
		expect(saved.json()).toMatchObject({ id: first, barcode: "4006381333931" });
		expect(await barcodeOf(co, first)).toBe("4006381333931");

		const wrongCheck = expectProblem(
			await setBarcode(co, second, "4006381333932"),
			400,
			"validation_failed",
			"barcode",
		);
		expect(wrongCheck.errors?.[0]?.message).toBe("the check digit should be 1");
		expectProblem(await setBarcode(co, second, "40063813339X1"), 400, "validation_failed", "barcode");
		expectProblem(await setBarcode(co, second, "1234567890"), 400, "validation_failed", "barcode");
		expect(await barcodeOf(co, second)).toBeNull();

		// Every GTIN length is taken: GTIN-8, UPC-A (12), GTIN-14.
		for (const code of ["96385074", "036000291452", "10012345678902"]) {
			expect((await setBarcode(co, second, code)).status).toBe(200);
			expect(await barcodeOf(co, second)).toBe(code);
		}

		expect((await setBarcode(co, first, null)).status).toBe(200);
		expect(await barcodeOf(co, first)).toBeNull();
	});

	it("a barcode another product has is a 409 naming that product's SKU; another company may use it", async () => {
		const co = await makeCompany({ products: 2 });
		const [first = "", second = ""] = co.productIds;
		expect((await setBarcode(co, first, "96385074")).status).toBe(200);
		const taken = expectProblem(await setBarcode(co, second, "96385074"), 409, "conflict", "barcode");
		expect(taken.detail).toContain("SKU-0000");
		expect(await barcodeOf(co, second)).toBeNull();
		// Setting a product's own barcode again is no conflict.
		expect((await setBarcode(co, first, "96385074")).status).toBe(200);

		const other = await makeCompany({ products: 1 });
		expect((await setBarcode(other, other.productIds[0] ?? "", "96385074")).status).toBe(200);
	});

	it("an item import from QuickBooks keeps it", async () => {
		const { co, ids } = await salesCompany();
		expect((await setBarcode(co, ids.PUMP, "4006381333931")).status).toBe(200);
		const renamed = makeInventoryItem({ id: "11", name: "Pump mk2", sku: "PUMP", qtyOnHand: 25, syncToken: 5 });
		expect(await syncItems(env, co.companyId, [renamed])).toMatchObject({ updated: 1, invalid: [] });
		expect((await co.api.get(`/api/v1/products/${ids.PUMP}`)).json()).toMatchObject({
			name: "Pump mk2",
			barcode: "4006381333931",
		});
	});
});

describe("search", () => {
	it("finds products by SKU, name and barcode, an exact barcode or SKU first", async () => {
		const co = await makeCompany({ products: 3 });
		await renameProducts(co, [
			["PUMP-963850740", "Pump with a long SKU"],
			["ZZ-PUMP", "Garden pump"],
			["HOSE-25", "Hose 25 m"],
		]);
		expect((await setBarcode(co, co.productIds[1] ?? "", "96385074")).status).toBe(200);

		expect(labels(await search(co, "hose-2"), "product")).toEqual(["HOSE-25"]);
		expect(labels(await search(co, "GARDEN"), "product")).toEqual(["ZZ-PUMP"]);
		expect(labels(await search(co, "pump"), "product")).toEqual(["PUMP-963850740", "ZZ-PUMP"]);
		// The scanned code is ZZ-PUMP's barcode, and also inside the other's SKU: the exact match comes first.
		const scanned = await search(co, "96385074");
		expect(labels(scanned, "product")).toEqual(["ZZ-PUMP", "PUMP-963850740"]);
		expect(scanned[0]).toEqual({
			kind: "product",
			id: co.productIds[1],
			label: "ZZ-PUMP",
			detail: "Garden pump",
			href: `#/products/${co.productIds[1]}`,
			exact: true,
		});
		expect(scanned[1]?.exact).toBe(false);
		expect(labels(await search(co, "zz-pump"), "product")).toEqual(["ZZ-PUMP"]);
	});

	it("finds orders by document number and customers, purchases by number and vendors by name", async () => {
		const { co, location, ids } = await salesCompany();
		await sync(co, "Invoice", makeInvoice({ id: "130", docNumber: "1037", lines: [salesLine("11", 1)] }));
		await sync(co, "Invoice", makeInvoice({ id: "131", docNumber: "2040", lines: [salesLine("11", 1)] }));
		const vendorId = `v-${crypto.randomUUID()}`;
		await db.insert(vendors).values({ id: vendorId, companyId: co.companyId, name: "Acme Pumps Ltd" });
		const purchase = await co.api.post("/api/v1/purchases", {
			locationId: location,
			vendorId,
			lines: [{ productId: ids.HOSE, quantity: 3 }],
		});
		expect(purchase.status, JSON.stringify(purchase.body)).toBe(201);
		const { id: purchaseId, number } = purchase.json<{ id: string; number: string }>();

		const byNumber = await search(co, "1037");
		expect(byNumber.filter((r) => r.kind === "order")).toEqual([
			expect.objectContaining({ label: "1037", detail: "Sonnenschein Family Store", exact: true }),
		]);
		const orderId = byNumber.find((r) => r.kind === "order")?.id ?? "";
		expect(byNumber.find((r) => r.kind === "order")?.href).toBe(`#/orders/${orderId}`);
		expect((await co.api.get(`/api/v1/orders/${orderId}`)).json()).toMatchObject({ number: "1037" });

		expect(await search(co, number.toLowerCase())).toEqual([
			{
				kind: "purchase",
				id: purchaseId,
				label: number,
				detail: "Acme Pumps Ltd",
				href: `#/purchases/${purchaseId}`,
				exact: true,
			},
		]);
		expect(await search(co, "acme")).toEqual([
			{
				kind: "vendor",
				id: vendorId,
				label: "Acme Pumps Ltd",
				detail: null,
				href: `#/purchases?vendorId=${vendorId}`,
				exact: false,
			},
		]);
		// Two orders of one customer: the customer once, linking to their orders.
		expect((await search(co, "sonnenschein")).filter((r) => r.kind === "customer")).toEqual([
			{
				kind: "customer",
				id: "Sonnenschein Family Store",
				label: "Sonnenschein Family Store",
				detail: null,
				href: "#/orders?q=Sonnenschein+Family+Store",
				exact: false,
			},
		]);
	});

	it("never finds another company's products, orders, purchases or vendors", async () => {
		const mine = await makeCompany({ products: 1 });
		const { co: theirs, location, ids } = await salesCompany();
		await sync(theirs, "Invoice", makeInvoice({ id: "130", docNumber: "1037", lines: [salesLine("11", 1)] }));
		await db.insert(vendors).values({ id: `v-${crypto.randomUUID()}`, companyId: theirs.companyId, name: "Acme" });
		await setBarcode(theirs, ids.PUMP, "4006381333931");
		const made = await theirs.api.post("/api/v1/purchases", {
			locationId: location,
			lines: [{ productId: ids.HOSE, quantity: 1 }],
		});
		expect(made.status).toBe(201);

		for (const q of ["PUMP", "1037", "Sonnenschein", "Acme", "4006381333931", made.json<{ number: string }>().number])
			expect(await search(mine, q), q).toEqual([]);
		// They find theirs.
		expect(labels(await search(theirs, "4006381333931"), "product")).toEqual(["PUMP"]);
	});

	it("takes % and _ literally", async () => {
		const co = await makeCompany({ products: 4 });
		await renameProducts(co, [
			["A-1", "50% off bin"],
			["A-2", "500 off bin"],
			["A_3", "Box"],
			["AX3", "Crate"],
		]);
		expect(labels(await search(co, "50%"), "product")).toEqual(["A-1"]);
		expect(labels(await search(co, "A_3"), "product")).toEqual(["A_3"]);
		expect(labels(await search(co, "%"), "product")).toEqual(["A-1"]);
	});

	it("refuses an empty query naming q", async () => {
		const co = await makeCompany();
		expectProblem(await co.api.get("/api/v1/search?q=%20"), 400, "validation_failed", "q");
		expectProblem(await co.api.get("/api/v1/search"), 400, "validation_failed", "q");
	});
});
