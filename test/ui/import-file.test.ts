import { describe, expect, it } from "vitest";
import { countIdempotencyKey, decodeCsvBytes, sha256Hex } from "../../ui/src/import/import-file";
import { sha256 } from "../../ui/src/import/sha256";

describe("decodeCsvBytes", () => {
	it("reads a UTF-8 file and drops its byte order mark", () => {
		const bytes = new TextEncoder().encode("\ufeffsku;lieu\nA;Entrepôt\n");
		expect(decodeCsvBytes(bytes)).toBe("sku;lieu\nA;Entrepôt\n");
	});

	it("reads a file French Excel saved in Windows-1252 without garbling the accents", () => {
		// "Entrepôt" with ô as the single byte 0xF4, as Excel on Windows writes it.
		const bytes = Uint8Array.from([...new TextEncoder().encode("A;Entrep"), 0xf4, ...new TextEncoder().encode("t")]);
		expect(decodeCsvBytes(bytes)).toBe("A;Entrepôt");
	});
});

describe("count idempotency keys", () => {
	it("the same file gives the same keys, a different file different ones, each line its own", async () => {
		const a = await sha256Hex(new TextEncoder().encode("sku,count\nA,1\n"));
		const again = await sha256Hex(new TextEncoder().encode("sku,count\nA,1\n"));
		const b = await sha256Hex(new TextEncoder().encode("sku,count\nA,2\n"));
		expect(a).toMatch(/^[0-9a-f]{64}$/);
		expect(countIdempotencyKey(a, 2)).toBe(countIdempotencyKey(again, 2));
		expect(countIdempotencyKey(a, 2)).not.toBe(countIdempotencyKey(b, 2));
		expect(countIdempotencyKey(a, 2)).not.toBe(countIdempotencyKey(a, 3));
		expect(countIdempotencyKey(a, 99999).length).toBeLessThanOrEqual(200); // the API's limit
	});
});

describe("sha256 (for pages served over plain http, where crypto.subtle is missing)", () => {
	const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

	it("gives the standard digests", () => {
		expect(hex(sha256(new Uint8Array()))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
		expect(hex(sha256(new TextEncoder().encode("abc")))).toBe(
			"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
		);
	});

	it("agrees with the browser's digest whatever the length (block edges included)", async () => {
		for (const length of [1, 55, 56, 63, 64, 65, 119, 120, 1000, 100_000]) {
			const bytes = Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 0xff);
			const native = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
			expect(hex(sha256(bytes))).toBe(hex(native));
		}
	});
});
