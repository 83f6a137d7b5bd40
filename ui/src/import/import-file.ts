/**
 * Reading an imported file: its text whatever Excel saved it as, and a fingerprint of its content
 * that makes the import's count requests idempotent (the same file sent twice counts once).
 */

import { sha256 } from "./sha256";

/**
 * The file's text: UTF-8 (with or without a byte order mark) when it is valid UTF-8, else
 * Windows-1252, which Excel on Windows uses for "CSV (semicolon delimited)" in French ("Entrepôt").
 */
export function decodeCsvBytes(bytes: Uint8Array): string {
	try {
		return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
	} catch {
		return new TextDecoder("windows-1252").decode(bytes);
	}
}

/** SHA-256 of the bytes, as hex: the browser's when it has one (secure contexts only), else ours. */
export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
	const subtle = globalThis.crypto?.subtle;
	const digest = subtle ? new Uint8Array(await subtle.digest("SHA-256", bytes)) : sha256(bytes);
	return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The idempotency key of the count on `line` of a file: a double click, a retry after a network
 * drop or importing the same file again does not count twice.
 */
export function countIdempotencyKey(fileHash: string, line: number): string {
	return `csv-import:${fileHash}:${line}`;
}
