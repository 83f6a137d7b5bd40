/**
 * Signed webhook deliveries the app could not (fully) read are kept in D1 `dead_letters`, whole,
 * so that nothing Intuit sent is lost: once the parser learns the shape, the body can be fed
 * through again (the inbox dedupes what was already accepted). A letter's id is its body's hash:
 * Intuit resending the same delivery leaves one letter, dated from its first arrival.
 */
import type { BatchStatement, Database } from "../db/client";
import { deadLetters } from "../db/schema";

/**
 * Bytes of body per row. D1 caps a row at 2 000 000 bytes; a larger body is kept in parts that
 * share an id prefix (`<id>.1`, `<id>.2`…), in order.
 */
const PART_BYTES = 1_000_000;

export type DeadLetter = {
	receivedAt: number;
	contentType: string | null;
	body: Uint8Array;
	reason: string;
};

/**
 * The statements that keep one dead letter: the body as text, or as base64 when it is not UTF-8
 * (said in `reason`), split into parts when it would not fit one row; nothing new if the same body
 * is already kept.
 */
export async function deadLetterStatements(db: Database, letter: DeadLetter): Promise<BatchStatement[]> {
	const id = `dl_${await sha256Hex(letter.body)}`;
	const parts = splitBody(letter.body);
	return parts.map((part, i) => {
		const notes = [
			...(part.encoding === "base64" ? ["body in base64: not UTF-8"] : []),
			...(parts.length > 1 ? [`part ${i + 1} of ${parts.length}`] : []),
		];
		return db
			.insert(deadLetters)
			.values({
				id: parts.length > 1 ? `${id}.${i + 1}` : id,
				receivedAt: letter.receivedAt,
				contentType: letter.contentType,
				body: part.text,
				reason: notes.length > 0 ? `${letter.reason} (${notes.join("; ")})` : letter.reason,
			})
			.onConflictDoNothing();
	});
}

function splitBody(body: Uint8Array): { text: string; encoding: "utf-8" | "base64" }[] {
	const chunks: Uint8Array[] = [];
	for (let i = 0; i < body.length; i += PART_BYTES) chunks.push(body.subarray(i, i + PART_BYTES));
	if (chunks.length === 0) chunks.push(body);
	try {
		// Streaming decode carries a character cut at a part boundary over to the next part; a BOM
		// is kept, as the body is kept byte for byte.
		const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
		const texts = chunks.map((chunk, i) => decoder.decode(chunk, { stream: i < chunks.length - 1 }));
		return texts.map((text) => ({ text, encoding: "utf-8" }));
	} catch {
		return chunks.map((chunk) => ({ text: toBase64(chunk), encoding: "base64" }));
	}
}

function toBase64(bytes: Uint8Array): string {
	let binary = "";
	for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(binary);
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
	const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
	return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}
