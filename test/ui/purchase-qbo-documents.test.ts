import { describe, expect, it } from "vitest";
import type { PurchaseDetail, PurchaseReceiptSummary } from "../../ui/src/api/types";
import { canRetryQbo, hasQboDocuments, qboDocumentView } from "../../ui/src/purchasing/qbo-documents";

const receipt = (qbo: Partial<PurchaseReceiptSummary> = {}): PurchaseReceiptSummary => ({
	id: "r",
	number: "RC-0001",
	createdAt: "2026-11-27T10:00:00.000Z",
	qboBillId: null,
	qboStatus: null,
	qboError: null,
	lines: [],
	...qbo,
});

const purchase = (qbo: Partial<PurchaseDetail> = {}, receipts: PurchaseReceiptSummary[] = []): PurchaseDetail => ({
	id: "p",
	number: "PO-0001",
	status: "ordered",
	vendorId: null,
	locationId: "l",
	expectedDate: null,
	note: null,
	qboPurchaseOrderId: null,
	qboStatus: null,
	qboError: null,
	version: 2,
	createdAt: "2026-11-27T09:00:00.000Z",
	updatedAt: "2026-11-27T09:00:00.000Z",
	lines: [],
	receipts,
	...qbo,
});

describe("a purchase's documents in QuickBooks, as its page shows them", () => {
	it("says pending, created with its QuickBooks id, or failed with QuickBooks' reason", () => {
		expect(qboDocumentView("pending", null, null)).toEqual({ state: "pending" });
		expect(qboDocumentView("created", "145", null)).toEqual({ state: "created", qboId: "145" });
		expect(qboDocumentView("failed", null, "HTTP 400: vendor inactive")).toEqual({
			state: "failed",
			error: "HTTP 400: vendor inactive",
		});
	});

	it("shows nothing for a document never made (status null or absent from an older server)", () => {
		expect(qboDocumentView(null, null, null)).toEqual({ state: "none" });
		expect(qboDocumentView(undefined, undefined, undefined)).toEqual({ state: "none" });
		expect(hasQboDocuments(purchase({ qboStatus: null }, [receipt({ qboStatus: null })]))).toBe(false);
		expect(hasQboDocuments(purchase({ qboStatus: null }, [receipt({ qboStatus: "pending" })]))).toBe(true);
	});

	it("offers Retry when the purchase order or any receipt's bill failed, not while they are on their way", () => {
		expect(canRetryQbo(purchase({ qboStatus: "pending" }, [receipt({ qboStatus: "created", qboBillId: "9" })]))).toBe(
			false,
		);
		expect(canRetryQbo(purchase({ qboStatus: "failed", qboError: "HTTP 500" }))).toBe(true);
		expect(canRetryQbo(purchase({ qboStatus: "created" }, [receipt(), receipt({ qboStatus: "failed" })]))).toBe(true);
	});
});
