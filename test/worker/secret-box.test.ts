import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { importSecretKey, openSecret, sealSecret } from "../../worker/lib/secret-box";

describe("secrets sealed at rest", () => {
	it("round-trips, and never stores the plaintext or the same ciphertext twice", async () => {
		const key = await importSecretKey(env.TOKEN_ENCRYPTION_KEY);
		const token = "AB11570127472xRqBRPu4ZSfSqsb4zqfBLGZqY3o7ZaKDXS2ce";
		const a = await sealSecret(key, token, "company-1");
		const b = await sealSecret(key, token, "company-1");
		expect(a).not.toContain(token);
		expect(a).not.toBe(b);
		expect(await openSecret(key, a, "company-1")).toBe(token);
		expect(await openSecret(key, b, "company-1")).toBe(token);
	});

	it("refuses a value altered, moved to another company, or opened with another key", async () => {
		const key = await importSecretKey(env.TOKEN_ENCRYPTION_KEY);
		const sealed = await sealSecret(key, "refresh-token", "company-1");
		const [version, iv, data = ""] = sealed.split(".");
		const flipped = `${version}.${iv}.${data.startsWith("A") ? "B" : "A"}${data.slice(1)}`;
		await expect(openSecret(key, flipped, "company-1")).rejects.toThrow();
		await expect(openSecret(key, sealed, "company-2")).rejects.toThrow();
		const otherKey = await importSecretKey(btoa(String.fromCharCode(...new Uint8Array(32).fill(7))));
		await expect(openSecret(otherKey, sealed, "company-1")).rejects.toThrow();
	});

	it("refuses a missing or short key", async () => {
		await expect(importSecretKey(undefined)).rejects.toThrow(/not set/);
		await expect(importSecretKey(btoa("short"))).rejects.toThrow(/32 bytes/);
	});
});
