import { describe, expect, it } from "vitest";
import type { OrderDocument, OrderLine } from "../../ui/src/api/types";
import { movementSource } from "../../ui/src/orders/movement-source";
import { describeFlag, documentLabel } from "../../ui/src/orders/order-flags";
import { groupLinesByKit } from "../../ui/src/orders/order-line-groups";

function line(productId: string, kits: string[] = []): OrderLine {
	return {
		productId,
		sku: `SKU-${productId}`,
		name: `Product ${productId}`,
		ordered: 1,
		delivered: 0,
		reserved: 1,
		remaining: 1,
		shortfall: 0,
		kits: kits.map((k) => ({ productId: k, sku: `KIT-${k}`, name: `Kit ${k}`, quantity: 1 })),
	};
}

const documents: OrderDocument[] = [
	{ type: "estimate", qboId: "7", docNumber: "1001", status: "closed" },
	{ type: "invoice", qboId: "7", docNumber: null, status: "voided" },
];

describe("an order's flags in words", () => {
	it("names the over-delivered product and by how much", () => {
		const text = describeFlag(
			{ code: "over_delivered", productId: "a", quantity: 1.5 },
			{ lines: [line("a")], documents },
			"en",
		);
		expect(text).toContain("1.5 more of SKU-a — Product a");
		expect(
			describeFlag({ code: "over_delivered", productId: "a", quantity: 1.5 }, { lines: [line("a")], documents }, "fr"),
		).toContain("1,5 de SKU-a — Product a de plus");
	});

	it("names the document that went away after a delivery, the gone one when an estimate and an invoice share an id", () => {
		const voided = describeFlag({ code: "voided_after_delivery", qboId: "7" }, { lines: [], documents }, "en");
		expect(voided).toMatch(/^Invoice \(QuickBooks id 7\) was voided in QuickBooks after a delivery/);
		expect(voided).toContain("Check whether they came back");
		const closed = describeFlag({ code: "closed_after_delivery", qboId: "7" }, { lines: [], documents }, "en");
		expect(closed).toMatch(/^Estimate 1001 was closed/);
		expect(describeFlag({ code: "deleted_after_delivery", qboId: "9" }, { lines: [], documents }, "fr")).toMatch(
			/^\(identifiant QuickBooks 9\) a été supprimé/,
		);
	});

	it("labels a document by its QuickBooks number, or its id when it has none", () => {
		expect(documentLabel({ type: "sales_receipt", qboId: "12", docNumber: "SR-4" }, "en")).toBe("Sales receipt SR-4");
		expect(documentLabel({ type: "invoice", qboId: "12", docNumber: null }, "fr")).toBe(
			"Facture (identifiant QuickBooks 12)",
		);
	});
});

describe("an order's lines on its page", () => {
	it("shows what was sold as such first, then each kit's components under the kit, each component once", () => {
		const groups = groupLinesByKit([line("k1", ["A"]), line("p"), line("k2", ["A", "B"]), line("k3", ["B"])]);
		expect(groups.map((g) => [g.kit?.name ?? null, g.lines.map((l) => l.productId)])).toEqual([
			[null, ["p"]],
			["Kit A", ["k1", "k2"]],
			["Kit B", ["k3"]],
		]);
	});
});

describe("an order's stock movements", () => {
	const order = {
		deliveries: [{ id: "n1", number: "DN-0007" }],
		documents: [
			{ type: "estimate", qboId: "57", docNumber: "E-1", status: "closed" },
			{ type: "invoice", qboId: "57", docNumber: "1042", status: "active" },
		] satisfies OrderDocument[],
	};

	it("say which delivery note or which QuickBooks document moved the stock", () => {
		expect(movementSource("delivery:n1", order)).toEqual({ kind: "delivery", number: "DN-0007" });
		expect(movementSource("qbo:Invoice:57", order)).toMatchObject({
			kind: "document",
			document: { docNumber: "1042" },
		});
		expect(movementSource("qbo:Estimate:57", order)).toMatchObject({
			kind: "document",
			document: { docNumber: "E-1" },
		});
		expect(movementSource("qbo:SalesReceipt:57", order)).toEqual({ kind: "other" });
		expect(movementSource("delivery:unknown", order)).toEqual({ kind: "other" });
	});
});
