/**
 * The pure checks of `npm run deploy` (scripts/deploy.mjs) and `npm run check:bundle`
 * (scripts/check-bundle.mjs), kept apart from the commands they run so that test/scripts/ can try
 * them on Node without Cloudflare: which secrets the Worker declares, which `wrangler secret list`
 * says are set, what to tell the operator about the missing ones, and the Worker's size.
 */
import { gzipSync } from "node:zlib";

/**
 * The Workers Free plan's limit on a Worker's size after gzip, "3 MB" in Cloudflare's words, read
 * as 3 000 000 bytes (stricter than 3 MiB): docs/deploy.md#worker-size says why this plan's limit.
 */
export const WORKER_GZIP_LIMIT = 3_000_000;

/**
 * The secrets the Worker declares: the members of `interface QboSecrets` in worker/secrets.d.ts,
 * the one list (wrangler.toml cannot hold secrets, so `wrangler types` does not see them).
 *
 * @example declaredSecrets("interface QboSecrets {\n\tQBO_CLIENT_ID?: string;\n}") // ["QBO_CLIENT_ID"]
 */
export function declaredSecrets(source) {
	const body = /interface\s+QboSecrets\s*\{([^}]*)\}/.exec(source)?.[1];
	if (body === undefined) throw new Error("worker/secrets.d.ts declares no `interface QboSecrets { … }`");
	const names = [...body.matchAll(/^\s*([A-Z][A-Z0-9_]*)\??\s*:/gm)].map((m) => m[1] ?? "");
	if (names.length === 0) throw new Error("`interface QboSecrets` in worker/secrets.d.ts names no secret");
	return names;
}

/**
 * The names of the secrets set on the deployed Worker, from what `wrangler secret list --format json`
 * printed: a JSON array of `{ name, type }`. Lines around it (a warning, a notice) are skipped;
 * anything else is an error rather than "no secrets", which would send the operator to set them all.
 *
 * @example parseSecretList('[\n  { "name": "QBO_CLIENT_ID", "type": "secret_text" }\n]') // ["QBO_CLIENT_ID"]
 */
export function parseSecretList(output) {
	const end = output.lastIndexOf("]");
	for (const start of [...output.matchAll(/^\s*\[/gm)].map((m) => m.index ?? 0)) {
		if (start >= end) break;
		let parsed;
		try {
			parsed = JSON.parse(output.slice(start, end + 1));
		} catch {
			continue;
		}
		if (Array.isArray(parsed) && parsed.every((s) => typeof s?.name === "string")) return parsed.map((s) => s.name);
	}
	throw new Error(`\`wrangler secret list\` printed no list of secrets:\n${output.trim() || "(nothing)"}`);
}

/** The declared secrets missing from those set, in the declared order. */
export function missingSecrets(declared, set) {
	const present = new Set(set);
	return declared.filter((name) => !present.has(name));
}

/** How to set each secret: where its value comes from, or a command that makes and sets it. */
const HOW_TO_SET = {
	QBO_CLIENT_ID: { value: "the Client ID of the Intuit app's keys: its production keys for real companies" },
	QBO_CLIENT_SECRET: { value: "the Client Secret beside that Client ID" },
	QBO_WEBHOOK_VERIFIER: { value: "the verifier token shown with the Intuit app's webhook settings" },
	TOKEN_ENCRYPTION_KEY: {
		value:
			"32 random bytes in base64, made and set in one go; never replace it once QuickBooks companies are connected",
		command: `node -e "console.log(require('node:crypto').randomBytes(32).toString('base64'))" | npx wrangler secret put TOKEN_ENCRYPTION_KEY`,
	},
};

/** Whether `HOW_TO_SET` knows the secret (test/scripts/ checks that it knows every declared one). */
export function knowsHowToSet(name) {
	return Object.hasOwn(HOW_TO_SET, name);
}

/**
 * What to tell the operator about missing secrets: which, and the command for each.
 *
 * @example missingSecretsMessage(["QBO_CLIENT_ID"], 4) // "1 of the Worker's 4 secrets is not set: QBO_CLIENT_ID. …"
 */
export function missingSecretsMessage(missing, declaredCount) {
	const head =
		missing.length === 1
			? `1 of the Worker's ${declaredCount} secrets is not set: ${missing[0]}.`
			: `${missing.length} of the Worker's ${declaredCount} secrets are not set: ${missing.join(", ")}.`;
	const lines = missing.map((name) => {
		const how = HOW_TO_SET[name];
		const command = how?.command ?? `npx wrangler secret put ${name}`;
		const value = how?.value ?? "its value";
		return `  ${command}\n      — ${value}`;
	});
	return [
		head,
		"Set each one (wrangler asks for the value, or reads it from a pipe), then run npm run deploy again:",
		...lines,
		"See docs/deploy.md#secrets.",
	].join("\n");
}

/** True while wrangler.toml's D1 `database_id` is still the all-zero placeholder of the repository. */
export function usesPlaceholderDatabase(wranglerToml) {
	return /^\s*database_id\s*=\s*"0{8}-0{4}-0{4}-0{4}-0{12}"/m.test(wranglerToml);
}

/**
 * The Worker's size as Cloudflare counts it, from the files `wrangler deploy --dry-run --outdir`
 * wrote: every module, concatenated and gzipped, as wrangler measures its "Total Upload". Source maps
 * (uploaded only with `upload_source_maps`, and then not counted) and wrangler's README are left out.
 */
export function measureModules(files) {
	const modules = files.filter((f) => !f.name.endsWith(".map") && f.name !== "README.md");
	const raw = modules.reduce((sum, f) => sum + f.bytes.byteLength, 0);
	const gzip = gzipSync(Buffer.concat(modules.map((f) => f.bytes))).byteLength;
	return { modules: modules.map((f) => f.name), raw, gzip };
}
