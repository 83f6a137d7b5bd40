/**
 * Rotating TOKEN_ENCRYPTION_KEY without losing a connection (docs/deploy.md#rotating-token_encryption_key):
 * with the old key as TOKEN_ENCRYPTION_KEY_PREVIOUS, tokens sealed under it and payloads signed with it
 * still open, everything new is made under the new key, and once the tokens are saved again the
 * previous key can go.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { signPayload, verifyPayload } from "../../worker/lib/signed-payload";
import { loadConnection, saveConnection } from "../../worker/qbo/qbo-connection";
import { db, makeCompany } from "./helpers";

const NEW_KEY = btoa(String.fromCharCode(...new Uint8Array(32).fill(9)));
const rotated = { ...env, TOKEN_ENCRYPTION_KEY: NEW_KEY, TOKEN_ENCRYPTION_KEY_PREVIOUS: env.TOKEN_ENCRYPTION_KEY };
const afterRotation = { ...env, TOKEN_ENCRYPTION_KEY: NEW_KEY, TOKEN_ENCRYPTION_KEY_PREVIOUS: undefined };

const tokens = () => ({
	accessToken: `access-${crypto.randomUUID()}`,
	refreshToken: `refresh-${crypto.randomUUID()}`,
	accessExpiresAt: Date.now() + 3_600_000,
	refreshExpiresAt: Date.now() + 8_726_400_000,
});

describe("rotating the encryption key", () => {
	it("keeps a connection: sealed under the old key, opened during the rotation, sealed again under the new", async () => {
		const co = await makeCompany({ locations: 1, products: 0 });
		const before = tokens();
		await saveConnection(env, db, co.companyId, `9${Date.now()}`, before);

		// The new key alone cannot open what the old one sealed: that is what losing connections was.
		await expect(loadConnection(afterRotation, db, co.companyId)).rejects.toThrow();
		// With the old key kept as the previous one, it opens.
		expect((await loadConnection(rotated, db, co.companyId))?.tokens).toEqual(before);

		// The next save (a token refresh) seals under the new key: the previous one is no longer needed.
		const refreshed = tokens();
		await saveConnection(
			rotated,
			db,
			co.companyId,
			(await loadConnection(rotated, db, co.companyId))?.realmId ?? "",
			refreshed,
		);
		expect((await loadConnection(afterRotation, db, co.companyId))?.tokens).toEqual(refreshed);
		await expect(loadConnection(env, db, co.companyId)).rejects.toThrow();
	});

	it("keeps payloads signed before it valid until they expire, and signs new ones with the new key", async () => {
		const schema = z.object({ exp: z.number(), who: z.string() });
		const payload = { exp: Date.now() + 60_000, who: "portal" };
		const old = await signPayload(env, "embed token", payload);
		expect(await verifyPayload(rotated, "embed token", old, schema)).toEqual(payload);
		expect(await verifyPayload(afterRotation, "embed token", old, schema)).toBeNull();

		const fresh = await signPayload(rotated, "embed token", payload);
		expect(await verifyPayload(afterRotation, "embed token", fresh, schema)).toEqual(payload);
		expect(await verifyPayload(env, "embed token", fresh, schema)).toBeNull();
		// A forged signature is refused under either key.
		expect(await verifyPayload(rotated, "embed token", `${old.split(".")[0]}.AAAA`, schema)).toBeNull();
	});
});
