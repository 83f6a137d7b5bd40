/**
 * The pure checks of `npm run deploy` and `npm run check:bundle` (scripts/deploy-checks.mjs): the
 * secrets the Worker declares, what `wrangler secret list` printed, the message for missing ones,
 * the database placeholder, and the Worker's size as wrangler measures it.
 */
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
	declaredSecrets,
	knowsHowToSet,
	measureModules,
	missingSecrets,
	missingSecretsMessage,
	parseSecretList,
	usesPlaceholderDatabase,
} from "../../scripts/deploy-checks.mjs";

const repoFile = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

const ALL = ["QBO_CLIENT_ID", "QBO_CLIENT_SECRET", "QBO_WEBHOOK_VERIFIER", "TOKEN_ENCRYPTION_KEY"];

describe("the secrets the Worker declares", () => {
	it("are the members of QboSecrets in worker/secrets.d.ts, and the deploy script can say how to set each", () => {
		const declared = declaredSecrets(repoFile("worker/secrets.d.ts"));
		expect(declared).toEqual(ALL);
		for (const name of declared) expect(knowsHowToSet(name), name).toBe(true);
	});

	it("a file without the interface, or an empty one, is an error rather than no secret at all", () => {
		expect(() => declaredSecrets("interface Other { A: string }")).toThrow(/QboSecrets/);
		expect(() => declaredSecrets("interface QboSecrets {\n\t/** nothing */\n}")).toThrow(/names no secret/);
	});
});

describe("parseSecretList (wrangler secret list --format json)", () => {
	it("reads the names of wrangler's JSON array", () => {
		const output = `[\n  {\n    "name": "QBO_CLIENT_ID",\n    "type": "secret_text"\n  },\n  {\n    "name": "TOKEN_ENCRYPTION_KEY",\n    "type": "secret_text"\n  }\n]\n`;
		expect(parseSecretList(output)).toEqual(["QBO_CLIENT_ID", "TOKEN_ENCRYPTION_KEY"]);
	});

	it("an empty list is no secret set", () => {
		expect(parseSecretList("[]\n")).toEqual([]);
	});

	it("skips lines printed around the list, even ones in brackets", () => {
		const output = `[WARNING] a newer wrangler is available\n[\n  { "name": "QBO_CLIENT_SECRET", "type": "secret_text" }\n]\nsee you\n`;
		expect(parseSecretList(output)).toEqual(["QBO_CLIENT_SECRET"]);
	});

	it("output that holds no list is an error, never taken for no secrets", () => {
		expect(() => parseSecretList("")).toThrow(/no list of secrets/);
		expect(() => parseSecretList("Secret Name: QBO_CLIENT_ID\n")).toThrow(/Secret Name: QBO_CLIENT_ID/);
		expect(() => parseSecretList('[{ "nom": "X" }]')).toThrow(/no list of secrets/);
	});
});

describe("missing secrets", () => {
	it("are the declared ones not set, in the declared order; others set do not matter", () => {
		expect(missingSecrets(ALL, ["TOKEN_ENCRYPTION_KEY", "SOMETHING_ELSE", "QBO_CLIENT_ID"])).toEqual([
			"QBO_CLIENT_SECRET",
			"QBO_WEBHOOK_VERIFIER",
		]);
		expect(missingSecrets(ALL, ALL)).toEqual([]);
	});

	it("the message names each one with the command that sets it", () => {
		const message = missingSecretsMessage(["QBO_WEBHOOK_VERIFIER", "TOKEN_ENCRYPTION_KEY"], 4);
		expect(message).toMatch(/^2 of the Worker's 4 secrets are not set: QBO_WEBHOOK_VERIFIER, TOKEN_ENCRYPTION_KEY\./);
		expect(message).toContain("npx wrangler secret put QBO_WEBHOOK_VERIFIER");
		// The key is generated and set in one go, as plain base64 of 32 bytes (worker/lib/secret-box.ts).
		expect(message).toContain("randomBytes(32).toString('base64'))\" | npx wrangler secret put TOKEN_ENCRYPTION_KEY");
		expect(message).toContain("docs/deploy.md#secrets");
		expect(missingSecretsMessage(["QBO_CLIENT_ID"], 4)).toMatch(
			/^1 of the Worker's 4 secrets is not set: QBO_CLIENT_ID\./,
		);
	});
});

describe("the D1 database in wrangler.toml", () => {
	it("the repository's placeholder is told apart from a real id", () => {
		expect(usesPlaceholderDatabase(repoFile("wrangler.toml"))).toBe(true);
		expect(usesPlaceholderDatabase('database_id = "6f1c2e0a-1b2c-4d5e-8f90-0a1b2c3d4e5f"')).toBe(false);
	});
});

describe("measureModules", () => {
	it("counts the modules as wrangler does (concatenated, gzipped), without source maps or the README", () => {
		const main = Buffer.from("export default {};\n".repeat(100));
		const chunk = Buffer.from("export const x = 1;\n");
		const size = measureModules([
			{ name: "index.js", bytes: main },
			{ name: "chunk.js", bytes: chunk },
			{ name: "index.js.map", bytes: Buffer.from("{}".repeat(10_000)) },
			{ name: "README.md", bytes: Buffer.from("built output") },
		]);
		expect(size.modules).toEqual(["index.js", "chunk.js"]);
		expect(size.raw).toBe(1900 + 20);
		expect(size.gzip).toBe(gzipSync(Buffer.concat([main, chunk])).byteLength);
		expect(size.gzip).toBeLessThan(size.raw);
	});
});
