/**
 * The numbers QuickBooks shows for documents (DocNumber: "Invoice 1004"), by the ledger source that
 * names them by id (`qbo:Invoice:3`, worker/qbo/document-effects.ts), from Stockroom's copy of each
 * document; a document never read, or one QuickBooks gave no number, has none.
 */
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { qboDocuments } from "../db/schema";
import { chunk } from "../lib/chunk";

/** `qbo:<Type>:<Id>` → its type and id; null for anything else (`qbo:opening:…` is no document). */
function documentOf(source: string): { type: string; id: string } | null {
	const match = /^qbo:([A-Z][A-Za-z]*):(.+)$/.exec(source);
	return match?.[1] && match[2] ? { type: match[1], id: match[2] } : null;
}

/** Each source's document number, for the sources that name a numbered QuickBooks document. */
export async function documentNumbers(
	db: Database,
	companyId: string,
	sources: readonly string[],
): Promise<Map<string, string>> {
	const idsByType = new Map<string, Set<string>>();
	for (const source of sources) {
		const doc = documentOf(source);
		if (doc) idsByType.set(doc.type, (idsByType.get(doc.type) ?? new Set()).add(doc.id));
	}
	const reads = [...idsByType].flatMap(([type, ids]) =>
		// Two parameters besides the ids keep each statement under D1's 100.
		chunk([...ids], 90).map((part) =>
			db
				.select({ type: qboDocuments.entityType, id: qboDocuments.qboId, docNumber: qboDocuments.docNumber })
				.from(qboDocuments)
				.where(
					and(
						eq(qboDocuments.companyId, companyId),
						eq(qboDocuments.entityType, type),
						inArray(qboDocuments.qboId, part),
						isNotNull(qboDocuments.docNumber),
					),
				),
		),
	);
	const rows = (await Promise.all(reads)).flat();
	return new Map(rows.flatMap((r) => (r.docNumber ? [[`qbo:${r.type}:${r.id}`, r.docNumber] as const] : [])));
}
