import { createPublicKey, type JsonWebKey, verify } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_OWNER } from "../../sim/demo.ts";
import { createSimulator, type Simulator } from "../../sim/simulator.ts";
import {
	persistSimulator,
	restoreSimulator,
	type SimulatorState,
	STATE_VERSION,
	snapshotSimulator,
} from "../../sim/state-file.ts";
import { DEFAULT_WEBHOOK_CONFIG } from "../../sim/webhooks/dispatcher.ts";
import { type Body, type Entity, entityOf, eventually, invoiceLines, reply, SCOPE, setup } from "./helpers.ts";

const sims: Simulator[] = [];
const dirs: string[] = [];
afterEach(() => {
	for (const sim of sims.splice(0)) sim.close();
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
	const dir = mkdtempSync(join(tmpdir(), "sim-state-"));
	dirs.push(dir);
	return dir;
}

/** A simulator restored from what `from` would write to its state file (through JSON, as on disk). */
function restarted(from: Simulator): Simulator {
	const sim = createSimulator({ seed: "another seed" });
	sims.push(sim);
	restoreSimulator(sim, JSON.parse(JSON.stringify(snapshotSimulator(from))) as SimulatorState);
	return sim;
}

/** Calls the company's API of `sim` with a bearer token, as a connected app would. */
function api(sim: Simulator, realmId: string, token: string) {
	const call = async (path: string, body?: unknown) =>
		reply(
			await sim.app.request(`/v3/company/${realmId}/${path}`, {
				method: body === undefined ? "GET" : "POST",
				headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
				...(body === undefined ? {} : { body: JSON.stringify(body) }),
			}),
		);
	return {
		call,
		save: async (entity: string, body: unknown): Promise<Entity> => {
			const res = await call(entity.toLowerCase(), body);
			expect(res.status, JSON.stringify(res.body)).toBe(200);
			return entityOf(res.body, entity);
		},
	};
}

/** Whether an ID token verifies against the JWKS `sim` publishes now. */
async function verifiesWith(sim: Simulator, idToken: string): Promise<boolean> {
	const { keys } = (await (await sim.app.request("/op/v1/jwks")).json()) as { keys: (JsonWebKey & { kid: string })[] };
	const [header, claims, signature] = idToken.split(".");
	const { kid } = JSON.parse(Buffer.from(header ?? "", "base64url").toString()) as { kid: string };
	const key = keys.find((k) => k.kid === kid);
	if (!key) return false;
	return verify(
		"sha256",
		Buffer.from(`${header}.${claims}`),
		createPublicKey({ key, format: "jwk" }),
		Buffer.from(signature ?? "", "base64url"),
	);
}

describe("the simulator's state file", () => {
	it("round-trips: the same entities, sequences that go on, tokens and keys that still work", async () => {
		const client = setup();
		sims.push(client.sim);
		const { sim, realmId } = client;
		const tokens = sim.oauth.connect(realmId, "app", SCOPE);
		const kept = await client.save("Invoice", { CustomerRef: { value: "1" }, Line: invoiceLines([["1", 2]]) });
		const edited = await client.save("Invoice", {
			Id: kept.Id,
			SyncToken: kept.SyncToken,
			sparse: true,
			Line: invoiceLines([["1", 3]]),
		});
		const gone = await client.save("Invoice", { CustomerRef: { value: "1" }, Line: invoiceLines([["2", 1]]) });
		await client.post("invoice?operation=delete", { Id: gone.Id, SyncToken: gone.SyncToken });
		const webhook = { ...DEFAULT_WEBHOOK_CONFIG, url: "http://127.0.0.1:9/webhooks/qbo", verifier: "v" };
		sim.webhooks.configure(realmId, webhook);
		sim.openid.signIn(realmId, DEMO_OWNER);
		const idToken = sim.openid.idToken({
			issuer: "http://localhost/op/v1",
			clientId: "app",
			sub: DEMO_OWNER.sub,
			realmId,
			nonce: null,
			authTime: sim.now(),
		});
		const qtyBefore = await client.qty("1");

		const again = restarted(sim);
		expect(snapshotSimulator(again)).toEqual(snapshotSimulator(sim));
		const app = api(again, realmId, tokens.access_token);

		// The access token issued before still reads the books, which are as they were.
		const read = await app.call(`invoice/${kept.Id}`);
		expect(entityOf(read.body, "Invoice")).toEqual(edited);
		expect(entityOf((await app.call("item/1")).body, "Item").QtyOnHand).toBe(qtyBefore);
		// Ids and DocNumbers go on: the deleted invoice's Id is not handed out again.
		const next = await app.save("Invoice", { CustomerRef: { value: "1" }, Line: invoiceLines([["1", 1]]) });
		expect([next.Id, next.DocNumber, next.SyncToken]).toEqual(["3", "1003", "0"]);
		expect(entityOf((await app.call("item/1")).body, "Item").QtyOnHand).toBe((qtyBefore ?? 0) - 1);
		// The edited invoice's SyncToken is still the one to send.
		const stale = await app.call("invoice", { Id: kept.Id, SyncToken: kept.SyncToken, sparse: true, PrivateNote: "x" });
		expect(stale.body.Fault?.Error[0]?.code).toBe("5010");
		const updated = await app.save("Invoice", { Id: kept.Id, SyncToken: "1", sparse: true, PrivateNote: "x" });
		expect(updated.SyncToken).toBe("2");
		// CDC still answers the deletion.
		const since = encodeURIComponent(new Date(Date.now() - 60_000).toISOString());
		const cdc = (await app.call(`cdc?entities=Invoice&changedSince=${since}`)).body as Body & {
			CDCResponse: { QueryResponse: { Invoice?: Entity[] }[] }[];
		};
		const deleted = cdc.CDCResponse[0]?.QueryResponse[0]?.Invoice?.find((i) => i.Id === gone.Id);
		expect(deleted).toMatchObject({ status: "Deleted" });

		// The refresh token rotates as before; the ID token verifies against the restored key.
		const refreshed = again.oauth.refresh("app", tokens.refresh_token, false);
		expect(refreshed.ok).toBe(true);
		expect(await verifiesWith(again, idToken)).toBe(true);
		expect(again.openid.signedInUser(realmId)).toEqual(DEMO_OWNER);
		expect(again.webhooks.config(realmId)).toEqual(webhook);
		expect(again.defaultRealmId).toBe(realmId);
	});

	it("is saved atomically after changes, loaded at start, and refused when of another version", async () => {
		const file = join(tempDir(), "state", "sim.json");
		const first = createSimulator();
		sims.push(first);
		const saved = persistSimulator(first, file, { intervalMs: 10 });
		expect(saved.loaded).toBe(false);
		const company = first.createCompany({ items: 2 });
		saved.changed();
		await eventually(() => existsSync(file), 2000);
		expect(readdirSync(join(file, ".."))).toEqual(["sim.json"]);

		const second = createSimulator();
		sims.push(second);
		const loaded = persistSimulator(second, file);
		expect(loaded.loaded).toBe(true);
		expect(second.company(company.realmId)?.all("Item")).toEqual(company.all("Item"));

		writeFileSync(file, JSON.stringify({ version: STATE_VERSION + 1 }));
		expect(() => persistSimulator(createSimulator(), file)).toThrow(/npm run reset/);
	});
});
