/**
 * The sync page's counts and the sync log's own notes (ui/src/app/sync-counts.ts) in the user's
 * language: each noun agreeing with its count, French counting 0 and 1 as singular.
 */
import { describe, expect, it } from "vitest";
import { countList, syncLogNoteText } from "../../ui/src/app/sync-counts";

const importLine = {
	error: "1 products, 0 vendors, 12 documents",
	errorCode: "sync.note.imported" as const,
	errorParams: { products: 1, vendors: 0, documents: 12 },
};

describe("sync counts and notes", () => {
	it("say an import's counts in French, 0 and 1 singular", () => {
		expect(syncLogNoteText(importLine, "fr")).toBe("1 produit, 0 fournisseur, 12 documents");
		expect(syncLogNoteText(importLine, "en")).toBe("1 product, 0 vendors, 12 documents");
	});

	it("word the events set aside in French, and show other text as written", () => {
		expect(
			syncLogNoteText(
				{ error: "This event does not name…", errorCode: "sync.note.event_not_qbo", errorParams: {} },
				"fr",
			),
		).toBe(
			"Cet événement ne désigne aucun enregistrement QuickBooks (son identifiant n’en est pas un)\u00a0: il a été mis de côté.",
		);
		expect(syncLogNoteText({ error: "Stale object", errorCode: null, errorParams: null }, "fr")).toBe("Stale object");
	});

	it("group digits and agree each noun", () => {
		expect(
			countList(
				[
					["newProducts", 1],
					["documents", 2],
					["corrections", 1200],
				],
				"en",
			),
		).toBe("1 new product, 2 documents, 1,200 quantity corrections");
		expect(
			countList(
				[
					["newProducts", 2],
					["corrections", 1],
				],
				"fr",
			),
		).toBe("2 nouveaux produits, 1 correction de quantité");
	});
});
