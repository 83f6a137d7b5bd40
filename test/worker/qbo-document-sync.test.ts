/**
 * QBO items and documents applied to stock through the real product objects and D1: what a user
 * sees in the levels after invoices, bills, credit memos and their edits, voids and deletes.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { updateSettings } from "../../worker/settings/company-settings";
import { syncItems } from "../../worker/sync/catalogue-sync";
import { syncDocument } from "../../worker/sync/document-sync";
import { makeInventoryItem, pumpCatalogue } from "../fixtures/qbo/catalogue";
import { deletedStub, makeBill, makeCreditMemo, makeInvoice } from "../fixtures/qbo/documents";
import { expenseLine, groupLine, salesLine } from "../fixtures/qbo/lines";
import { allPages } from "./api-checks";
import { db, makeCompany, type TestCompany } from "./helpers";

type Row = { sku: string; locationId: string; onHand: number; reserved: number; available: number };

async function levelsBySku(co: TestCompany, locationId: string) {
	const rows = await allPages<Row>(co.api, `/api/v1/levels?location=${locationId}&limit=1000`);
	// Sync traffic flushes in the background: reconciliation flushes every object first.
	expect((await co.api.get("/api/v1/reconciliation")).json()).toMatchObject({ ok: true });
	const again = await allPages<Row>(co.api, `/api/v1/levels?location=${locationId}&limit=1000`);
	expect(again.length).toBe(rows.length);
	return Object.fromEntries(again.map((r) => [r.sku, { onHand: r.onHand, reserved: r.reserved }]));
}

async function companyWithItems() {
	const co = await makeCompany({ locations: 1, products: 0 });
	const result = await syncItems(env, co.companyId, pumpCatalogue());
	expect(result).toMatchObject({ created: 4, invalid: [] });
	return { co, location: co.locationIds[0] ?? "" };
}

describe("QBO items and documents applied to stock", () => {
	it("imports items as products with their opening stock at the default location", async () => {
		const { co, location } = await companyWithItems();
		expect(await levelsBySku(co, location)).toMatchObject({
			PUMP: { onHand: 25 },
			HOSE: { onHand: 100 },
			INSTALL: { onHand: 0 },
			KIT: { onHand: 0 },
		});
		// A second import of the same items changes nothing.
		await syncItems(env, co.companyId, [makeInventoryItem({ id: "11", name: "Pump", sku: "PUMP", qtyOnHand: 25 })]);
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 25, reserved: 0 });
	});

	it("an invoice takes its goods out; editing, voiding and deleting it puts them back exactly", async () => {
		const { co, location } = await companyWithItems();
		const invoice = (syncToken: number, lines: ReturnType<typeof salesLine>[]) =>
			makeInvoice({ id: "130", syncToken, lines });
		expect(
			await syncDocument(env, co.companyId, "Invoice", invoice(0, [salesLine("11", 2), salesLine("13", 1)])),
		).toMatchObject({
			status: "applied",
		});
		expect(await levelsBySku(co, location)).toMatchObject({ PUMP: { onHand: 23 }, HOSE: { onHand: 100 } });

		// Edited: the pump line becomes 3 hoses.
		await syncDocument(env, co.companyId, "Invoice", invoice(1, [salesLine("12", 3)]));
		expect(await levelsBySku(co, location)).toMatchObject({ PUMP: { onHand: 25 }, HOSE: { onHand: 97 } });

		// The first version arriving late changes nothing.
		expect(await syncDocument(env, co.companyId, "Invoice", invoice(0, [salesLine("11", 2)]))).toEqual({
			status: "stale",
			reason: expect.stringMatching(/^QuickBooks sent invoice \S+ at version 0, older than the version \d+ /),
		});
		expect(await levelsBySku(co, location)).toMatchObject({ PUMP: { onHand: 25 }, HOSE: { onHand: 97 } });

		await syncDocument(env, co.companyId, "Invoice", deletedStub("130"));
		expect(await levelsBySku(co, location)).toMatchObject({ PUMP: { onHand: 25 }, HOSE: { onHand: 100 } });
		// A delete is final: a late update cannot bring the invoice back.
		await syncDocument(env, co.companyId, "Invoice", invoice(2, [salesLine("12", 5)]));
		expect(await levelsBySku(co, location)).toMatchObject({ HOSE: { onHand: 100 } });
	});

	it("a bundle on an invoice moves its components, never the bundle", async () => {
		const { co, location } = await companyWithItems();
		await syncDocument(
			env,
			co.companyId,
			"Invoice",
			makeInvoice({ id: "200", lines: [groupLine("14", 2, [salesLine("11", 2), salesLine("12", 4)])] }),
		);
		expect(await levelsBySku(co, location)).toMatchObject({
			PUMP: { onHand: 23 },
			HOSE: { onHand: 96 },
			KIT: { onHand: 0 },
		});
	});

	it("bills bring goods in, credit memos put them back", async () => {
		const { co, location } = await companyWithItems();
		await syncDocument(env, co.companyId, "Bill", makeBill({ id: "300", lines: [expenseLine("11", 10)] }));
		await syncDocument(env, co.companyId, "CreditMemo", makeCreditMemo({ id: "301", lines: [salesLine("12", 1.5)] }));
		expect(await levelsBySku(co, location)).toMatchObject({ PUMP: { onHand: 35 }, HOSE: { onHand: 101.5 } });
	});

	it("in reserve-until-delivery mode an invoice reserves instead of taking out", async () => {
		const { co, location } = await companyWithItems();
		await updateSettings(db, co.companyId, { orderMode: "reserve_until_delivery" });
		await syncDocument(env, co.companyId, "Invoice", makeInvoice({ id: "400", lines: [salesLine("11", 4)] }));
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 25, reserved: 4 });
	});
});
