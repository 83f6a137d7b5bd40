/**
 * The sync log's own notes in its error column (worker/qbo/sync-log-words.ts `syncLogNote`): each
 * line carries their code and parameters for the UI to word, and null for text it shows as written
 * (QuickBooks' messages).
 */
import { describe, expect, it } from "vitest";
import {
	EVENT_NOT_QBO_NOTE,
	EVENT_UNREADABLE_NOTE,
	INTERNAL_ERROR_NOTE,
	importedNote,
	syncLogNote,
} from "../../worker/qbo/sync-log-words";
import { importedCompany } from "./qbo-imported-company";

type LogLine = {
	entity: string;
	operation: string;
	error: string | null;
	errorCode: string | null;
	errorParams: unknown;
};

describe("the sync log's notes", () => {
	it("an import's line gives what it brought in as counts", async () => {
		const { co } = await importedCompany({}, 2);
		const res = await co.api.get("/api/v1/sync/log?entity=Company");
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		const [line] = res.json<{ items: LogLine[] }>().items;
		expect(line).toMatchObject({
			operation: "import",
			errorCode: "sync.note.imported",
			errorParams: { products: expect.any(Number), vendors: 1, documents: expect.any(Number) },
		});
		// The English sentence stays for API users, and says the same counts.
		const params = line?.errorParams as { products: number; vendors: number; documents: number };
		expect(line?.error).toBe(importedNote(params));
		expect(params.products).toBeGreaterThanOrEqual(2);
	});

	it("the events set aside and an internal error have codes; other text has none", () => {
		expect(syncLogNote(EVENT_UNREADABLE_NOTE)).toEqual({ errorCode: "sync.note.event_unreadable", errorParams: {} });
		expect(syncLogNote(EVENT_NOT_QBO_NOTE)).toEqual({ errorCode: "sync.note.event_not_qbo", errorParams: {} });
		expect(syncLogNote(INTERNAL_ERROR_NOTE)).toEqual({ errorCode: "sync.note.internal_error", errorParams: {} });
		expect(syncLogNote(importedNote({ products: 1, vendors: 0, documents: 12 }))).toEqual({
			errorCode: "sync.note.imported",
			errorParams: { products: 1, vendors: 0, documents: 12 },
		});
		expect(syncLogNote("QuickBooks refused the request: Stale object")).toEqual({ errorCode: null, errorParams: null });
		expect(syncLogNote(null)).toEqual({ errorCode: null, errorParams: null });
	});
});
