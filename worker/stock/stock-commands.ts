/**
 * Stock commands typed by users (adjustments, counts, transfers): checked against the catalogue,
 * made idempotent by the client's key, and applied by the product's object.
 */
import { and, eq } from "drizzle-orm";
import { AppError } from "../api/problem";
import { requireActiveLocation } from "../catalogue/locations";
import { getProduct } from "../catalogue/products";
import { database } from "../db/client";
import { commandKeys } from "../db/schema";
import { sha256Hex } from "../lib/sha256";
import type { Triple } from "./effects";
import { findLevelRow } from "./levels";
import { executeStockCommand } from "./product-stock-client";
import { fromScaled } from "./quantity";
import type { StockCommand } from "./stock-command";

export type CommandKind = "adjustment" | "count" | "transfer";

/**
 * Claims `key` for this exact request, company-wide. The same request again passes (a retry);
 * another request under the same key is refused, whichever product it names.
 */
async function claimIdempotencyKey(env: Env, companyId: string, kind: CommandKind, key: string, request: unknown) {
	const db = database(env.DB);
	const requestHash = await sha256Hex(`${kind}\n${JSON.stringify(request)}`);
	await db.insert(commandKeys).values({ companyId, key, kind, requestHash }).onConflictDoNothing();
	const claimed = await db.query.commandKeys.findFirst({
		where: and(eq(commandKeys.companyId, companyId), eq(commandKeys.key, key)),
	});
	if (claimed?.requestHash !== requestHash)
		throw new AppError(
			"idempotency_key_reused",
			`The idempotency key "${key}" was already used for a different request.`,
			[{ in: "body", field: "idempotencyKey", message: "already used for a different request" }],
		);
}

/**
 * Runs one user stock command. Answers `created: false` when the key was already applied (the
 * result is then that of the first application).
 */
export async function runStockCommand(
	env: Env,
	companyId: string,
	input: { kind: CommandKind; productId: string; locationIds: string[]; idempotencyKey: string; request: unknown },
	command: StockCommand,
) {
	const db = database(env.DB);
	await getProduct(db, companyId, input.productId);
	for (const id of input.locationIds) await requireActiveLocation(db, companyId, id);
	await claimIdempotencyKey(env, companyId, input.kind, input.idempotencyKey, input.request);
	const result = await executeStockCommand(env, { companyId, productId: input.productId }, command);
	const levels = await Promise.all(
		result.levels.map(async (l) => {
			const row = await findLevelRow(db, companyId, input.productId, l.locationId);
			if (!row) throw new Error(`no level row for ${input.productId} at ${l.locationId}`);
			// The object's numbers are the truth as of this command; D1 adds the planning fields.
			return { ...row, ...decimalLevels(l) };
		}),
	);
	return {
		created: result.outcome === "applied",
		body: {
			movementId: result.movements[0]?.id ?? null,
			movementIds: result.movements.map((m) => m.id),
			levels,
		},
	};
}

function decimalLevels(l: Triple) {
	return {
		onHand: fromScaled(l.onHand),
		reserved: fromScaled(l.reserved),
		available: fromScaled(l.onHand - l.reserved),
		incoming: fromScaled(l.incoming),
	};
}
