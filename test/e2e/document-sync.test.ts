/**
 * QBO documents reach stock end to end: saved in the simulator, announced by its signed webhooks to
 * the app under `wrangler dev`, fetched back from QBO by the company's sync object and applied
 * through the product objects to D1. After every step the app's levels must equal the reference
 * (reference.ts), QBO's own QtyOnHand must agree, and each scenario ends reconciled.
 */
import { describe, expect, it } from "vitest";
import { expectConsistent, expectStock } from "./expect-stock.ts";
import { StockReference } from "./reference.ts";
import { DOCUMENT_TYPES, type DocSpec, type DocumentType, newScenario, type Scenario, VOIDABLE } from "./stack.ts";

/** The ids of the simulated company's items by kind (seeded: inventory 1…n, then the others). */
function itemsOf(scenario: Scenario) {
	const all = [...scenario.opening.values()];
	const ids = (type: string) => all.filter((i) => i.type === type).map((i) => i.id);
	const [a, b, c, d] = ids("Inventory");
	const [service] = ids("Service");
	const [nonInventory] = ids("NonInventory");
	const [bundle] = ids("Group");
	if (!a || !b || !c || !d || !service || !nonInventory || !bundle) throw new Error("unexpected simulated catalogue");
	return { a, b, c, d, service, nonInventory, bundle };
}

/** One document's life, each step checked: create, edit quantity, change item, void (if QBO can), delete. */
async function documentLifecycle(scenario: Scenario, reference: StockReference, type: DocumentType): Promise<void> {
	const { a, b, c, d, service, nonInventory } = itemsOf(scenario);
	const key = `${type}:lifecycle`;

	// Created: two inventory lines, a fractional quantity, and lines that never move stock.
	let spec: DocSpec = {
		type,
		lines: [
			{ item: a, qty: 3 },
			{ item: b, qty: 2.5 },
			{ item: service, qty: 1 },
			{ item: nonInventory, qty: 4 },
		],
	};
	let doc = await scenario.docs.create(spec);
	reference.set(key, spec);
	await expectStock(scenario, reference);

	// Quantity edited (full update), and the same item on two lines.
	spec = {
		type,
		lines: [
			{ item: a, qty: 5 },
			{ item: b, qty: 2.5 },
			{ item: a, qty: 1 },
		],
	};
	doc = await scenario.docs.update(doc, spec);
	reference.set(key, spec);
	await expectStock(scenario, reference);

	// Item changed on a line (sparse update): b's effect goes back to zero, c takes it.
	spec = {
		type,
		lines: [
			{ item: a, qty: 5 },
			{ item: c, qty: 2.5 },
		],
	};
	doc = await scenario.docs.sparseUpdate(doc, spec);
	reference.set(key, spec);
	await expectStock(scenario, reference);

	if (VOIDABLE.includes(type)) {
		doc = await scenario.docs.void(type, doc);
		reference.clear(key);
		await expectStock(scenario, reference);
	}

	await scenario.docs.delete(type, doc);
	reference.clear(key);
	await expectStock(scenario, reference);

	// A second document deleted while it still moves stock (a Purchase: a credit-card credit).
	const second: DocSpec = { type, lines: [{ item: d, qty: 7 }], credit: type === "Purchase" };
	const other = await scenario.docs.create(second);
	reference.set(`${type}:second`, second);
	await expectStock(scenario, reference);
	await scenario.docs.delete(type, other);
	reference.clear(`${type}:second`);
	await expectStock(scenario, reference);
}

describe("QBO documents move stock through signed webhooks (ship on invoice)", () => {
	for (const type of DOCUMENT_TYPES) {
		it(`${type}: create, edit quantity, change item, ${VOIDABLE.includes(type) ? "void, " : ""}delete`, async () => {
			const scenario = await newScenario();
			const reference = new StockReference(scenario.opening);
			await documentLifecycle(scenario, reference, type);
			await expectConsistent(scenario);
		});
	}

	it("keeps every document's effect when several documents move the same items", async () => {
		const scenario = await newScenario();
		const reference = new StockReference(scenario.opening);
		const { a, b, c } = itemsOf(scenario);
		const saved = [];
		for (const type of DOCUMENT_TYPES) {
			const spec: DocSpec = {
				type,
				lines: [
					{ item: a, qty: 2 },
					{ item: type === "Bill" ? c : b, qty: 1 },
				],
			};
			saved.push({ type, doc: await scenario.docs.create(spec) });
			reference.set(`${type}:1`, spec);
		}
		await expectStock(scenario, reference);
		// Undo half of them: the others' effects stay whole.
		for (const { type, doc } of saved.filter((_, i) => i % 2 === 0)) {
			await scenario.docs.delete(type, doc);
			reference.clear(`${type}:1`);
		}
		await expectStock(scenario, reference);
		await expectConsistent(scenario);
	});
});

describe("reserve until delivery", () => {
	it("invoices and sales receipts reserve instead of taking out; returns and purchases still move on hand", async () => {
		const scenario = await newScenario({ orderMode: "reserve_until_delivery" });
		const reference = new StockReference(scenario.opening, { orderMode: "reserve_until_delivery" });
		const { a, b, bundle } = itemsOf(scenario);
		await documentLifecycle(scenario, reference, "Invoice");
		await documentLifecycle(scenario, reference, "SalesReceipt");

		// Live at the end: an invoice with a bundle (its components reserved), a credit memo, a bill.
		const invoice: DocSpec = {
			type: "Invoice",
			lines: [
				{ item: bundle, qty: 2 },
				{ item: a, qty: 1 },
			],
		};
		await scenario.docs.create(invoice);
		reference.set("invoice:kept", invoice);
		const creditMemo: DocSpec = { type: "CreditMemo", lines: [{ item: a, qty: 2 }] };
		await scenario.docs.create(creditMemo);
		reference.set("credit-memo:kept", creditMemo);
		const bill: DocSpec = { type: "Bill", lines: [{ item: b, qty: 10 }] };
		await scenario.docs.create(bill);
		reference.set("bill:kept", bill);
		await expectStock(scenario, reference);
		await expectConsistent(scenario);
	});
});

describe("bundles", () => {
	it("selling, editing and returning a bundle moves its inventory components, never the bundle", async () => {
		const scenario = await newScenario();
		const reference = new StockReference(scenario.opening);
		const { a, bundle } = itemsOf(scenario);

		let invoiceSpec: DocSpec = {
			type: "Invoice",
			lines: [
				{ item: bundle, qty: 2 },
				{ item: a, qty: 1 },
			],
		};
		let invoice = await scenario.docs.create(invoiceSpec);
		reference.set("invoice", invoiceSpec);
		await expectStock(scenario, reference);

		// The bundle's quantity edited: QBO expands its components again.
		invoiceSpec = { type: "Invoice", lines: [{ item: bundle, qty: 3 }] };
		invoice = await scenario.docs.update(invoice, invoiceSpec);
		reference.set("invoice", invoiceSpec);
		await expectStock(scenario, reference);

		const receiptSpec: DocSpec = { type: "SalesReceipt", lines: [{ item: bundle, qty: 1 }] };
		const receipt = await scenario.docs.create(receiptSpec);
		reference.set("receipt", receiptSpec);
		const creditSpec: DocSpec = { type: "CreditMemo", lines: [{ item: bundle, qty: 1 }] };
		await scenario.docs.create(creditSpec);
		reference.set("credit", creditSpec);
		const refundSpec: DocSpec = { type: "RefundReceipt", lines: [{ item: bundle, qty: 2 }] };
		const refund = await scenario.docs.create(refundSpec);
		reference.set("refund", refundSpec);
		await expectStock(scenario, reference);

		await scenario.docs.void("SalesReceipt", receipt);
		reference.clear("receipt");
		await scenario.docs.delete("RefundReceipt", refund);
		reference.clear("refund");
		await scenario.docs.delete("Invoice", invoice);
		reference.clear("invoice");
		await expectStock(scenario, reference);
		await expectConsistent(scenario);
	});
});

describe("legacy webhook format", () => {
	it("Intuit's older eventNotifications payload moves stock the same way", async () => {
		const scenario = await newScenario({ webhookFormat: "legacy" });
		const reference = new StockReference(scenario.opening);
		await documentLifecycle(scenario, reference, "Invoice");
		await documentLifecycle(scenario, reference, "Bill");
		await expectConsistent(scenario);
	});
});

describe("estimates", () => {
	it("move nothing while estimates do not create orders; the invoice made from one takes its goods out", async () => {
		const scenario = await newScenario();
		const reference = new StockReference(scenario.opening);
		const { a, b } = itemsOf(scenario);

		let estimateSpec: DocSpec = { type: "Estimate", lines: [{ item: a, qty: 4 }] };
		let estimate = await scenario.docs.create(estimateSpec);
		reference.set("estimate", estimateSpec);
		estimateSpec = {
			type: "Estimate",
			lines: [
				{ item: a, qty: 6 },
				{ item: b, qty: 1 },
			],
		};
		estimate = await scenario.docs.update(estimate, estimateSpec);
		reference.set("estimate", estimateSpec);
		await expectStock(scenario, reference);

		const invoiceSpec: DocSpec = { ...estimateSpec, type: "Invoice", fromEstimate: estimate.Id };
		const invoice = await scenario.docs.create(invoiceSpec);
		reference.set("invoice", invoiceSpec);
		reference.set("estimate", { ...estimateSpec, status: "Closed" });
		await expectStock(scenario, reference);

		await scenario.docs.delete("Invoice", invoice);
		reference.clear("invoice");
		reference.set("estimate", { ...estimateSpec, status: "Pending" });
		await scenario.docs.delete("Estimate", await scenario.docs.read("Estimate", estimate.Id));
		reference.clear("estimate");
		await expectStock(scenario, reference);
		await expectConsistent(scenario);
	});

	it("reserve while open when estimates create orders; converted, the invoice takes over; rejected, released", async () => {
		const scenario = await newScenario({ estimatesCreateOrders: true });
		const reference = new StockReference(scenario.opening, { estimatesCreateOrders: true });
		const { a, b, c, bundle } = itemsOf(scenario);

		let firstSpec: DocSpec = {
			type: "Estimate",
			lines: [
				{ item: a, qty: 4 },
				{ item: bundle, qty: 1 },
			],
		};
		let first = await scenario.docs.create(firstSpec);
		reference.set("first", firstSpec);
		await expectStock(scenario, reference);

		firstSpec = { ...firstSpec, status: "Accepted", lines: [{ item: a, qty: 5 }] };
		first = await scenario.docs.update(first, firstSpec);
		reference.set("first", firstSpec);
		let secondSpec: DocSpec = { type: "Estimate", lines: [{ item: c, qty: 2 }] };
		let second = await scenario.docs.create(secondSpec);
		reference.set("second", secondSpec);
		await expectStock(scenario, reference);

		secondSpec = { ...secondSpec, status: "Rejected" };
		second = await scenario.docs.update(second, secondSpec);
		reference.set("second", secondSpec);
		await expectStock(scenario, reference);

		// Converted: QBO closes the estimate and links the invoice; the invoice takes the goods out.
		const invoiceSpec: DocSpec = {
			type: "Invoice",
			lines: [
				{ item: a, qty: 5 },
				{ item: b, qty: 1 },
			],
			fromEstimate: first.Id,
		};
		const invoice = await scenario.docs.create(invoiceSpec);
		reference.set("invoice", invoiceSpec);
		reference.set("first", { ...firstSpec, status: "Closed" });
		await expectStock(scenario, reference);

		// The invoice deleted: QBO reopens the estimate, which reserves again.
		await scenario.docs.delete("Invoice", invoice);
		reference.clear("invoice");
		reference.set("first", { ...firstSpec, status: "Pending" });
		await expectStock(scenario, reference);

		await scenario.docs.delete("Estimate", await scenario.docs.read("Estimate", first.Id));
		reference.clear("first");
		await scenario.docs.delete("Estimate", second);
		reference.clear("second");
		await expectStock(scenario, reference);
		await expectConsistent(scenario);
	});

	it("in reserve-until-delivery mode the invoice made from an estimate reserves it once, not twice", async () => {
		const scenario = await newScenario({ estimatesCreateOrders: true, orderMode: "reserve_until_delivery" });
		const reference = new StockReference(scenario.opening, {
			estimatesCreateOrders: true,
			orderMode: "reserve_until_delivery",
		});
		const { a, bundle } = itemsOf(scenario);
		const estimateSpec: DocSpec = {
			type: "Estimate",
			lines: [
				{ item: a, qty: 3 },
				{ item: bundle, qty: 1 },
			],
		};
		const estimate = await scenario.docs.create(estimateSpec);
		reference.set("estimate", estimateSpec);
		await expectStock(scenario, reference);

		const invoiceSpec: DocSpec = { ...estimateSpec, type: "Invoice", fromEstimate: estimate.Id };
		await scenario.docs.create(invoiceSpec);
		reference.set("invoice", invoiceSpec);
		reference.set("estimate", { ...estimateSpec, status: "Closed" });
		await expectStock(scenario, reference);
		await expectConsistent(scenario);
	});
});

describe("departments as locations", () => {
	it("documents move stock at their department's location and follow it when it changes", async () => {
		const scenario = await newScenario({ departments: ["Warehouse", "Shop"] });
		const reference = new StockReference(scenario.opening);
		const { a, b, c } = itemsOf(scenario);
		expect([...scenario.locations.keys()].sort(), "QBO's departments imported as locations").toEqual([
			"Shop",
			"Warehouse",
		]);

		const billSpec: DocSpec = { type: "Bill", department: "Shop", lines: [{ item: b, qty: 10 }] };
		await scenario.docs.create(billSpec);
		reference.set("bill", billSpec);
		let invoiceSpec: DocSpec = {
			type: "Invoice",
			department: "Shop",
			lines: [
				{ item: a, qty: 3 },
				{ item: b, qty: 2 },
			],
		};
		let invoice = await scenario.docs.create(invoiceSpec);
		reference.set("invoice", invoiceSpec);
		await expectStock(scenario, reference);

		invoiceSpec = { ...invoiceSpec, lines: [{ item: a, qty: 4 }] };
		invoice = await scenario.docs.update(invoice, invoiceSpec);
		reference.set("invoice", invoiceSpec);
		await expectStock(scenario, reference);

		// Moved to the warehouse and back: the old location's effect goes to zero, the new one's fills.
		for (const department of ["Warehouse", "Shop"]) {
			invoiceSpec = { ...invoiceSpec, department };
			invoice = await scenario.docs.update(invoice, invoiceSpec);
			reference.set("invoice", invoiceSpec);
			await expectStock(scenario, reference);
		}

		const receiptSpec: DocSpec = { type: "SalesReceipt", lines: [{ item: c, qty: 1 }] };
		const receipt = await scenario.docs.create(receiptSpec);
		reference.set("receipt", receiptSpec);
		const creditSpec: DocSpec = { type: "CreditMemo", department: "Shop", lines: [{ item: a, qty: 1 }] };
		await scenario.docs.create(creditSpec);
		reference.set("credit", creditSpec);
		await expectStock(scenario, reference);

		await scenario.docs.delete("Invoice", invoice);
		reference.clear("invoice");
		await scenario.docs.void("SalesReceipt", receipt);
		reference.clear("receipt");
		await expectStock(scenario, reference);
		await expectConsistent(scenario);
	});

	it("a document whose department is cleared moves to the default location", async () => {
		const scenario = await newScenario({ departments: ["Warehouse", "Shop"] });
		const reference = new StockReference(scenario.opening);
		const { a } = itemsOf(scenario);
		let spec: DocSpec = { type: "Invoice", department: "Shop", lines: [{ item: a, qty: 3 }] };
		const invoice = await scenario.docs.create(spec);
		reference.set("invoice", spec);
		await expectStock(scenario, reference);

		// QBO's Location field emptied (a full update without DepartmentRef): DepartmentRef, else the default.
		spec = { type: "Invoice", lines: [{ item: a, qty: 3 }] };
		await scenario.docs.update(invoice, spec);
		reference.set("invoice", spec);
		await expectStock(scenario, reference);
		await expectConsistent(scenario);
	});
});
