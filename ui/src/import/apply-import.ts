/**
 * Saves an import plan: the patches through `PATCH /api/v1/levels` in chunks of at most 1000 rows
 * (the API's limit), then the counts one `POST /api/v1/counts` each. Patches go first: a count
 * changes the level's version, which would turn the patch of the same row into a conflict.
 */
import { type ApiClient, ApiError } from "../api/api-client";
import type { LevelPatch, LevelPatchResult, LevelRow } from "../api/types";
import { fieldProblemText } from "../app/field-problems";
import { problemMessage } from "../app/problems";
import { problemMessages } from "../app/problems.messages";
import type { ImportPlan } from "./csv-import-plan";
import { countIdempotencyKey } from "./import-file";

export const PATCH_CHUNK = 1000;
/** Counts in flight at once: fast enough for a few thousand lines without flooding the Worker. */
const COUNT_CONCURRENCY = 4;

export type ImportProblem = {
	productId: string;
	locationId: string;
	/** The file's line, when known. */
	line: number | null;
	message: string;
};

export type ImportResult = {
	/** Level rows updated by patches. */
	updated: number;
	/** Counts recorded (or found already recorded under their key). */
	counted: number;
	/** Rows someone else changed meanwhile: not saved; `row` is the current one. */
	conflicts: (ImportProblem & { row?: LevelRow })[];
	failures: ImportProblem[];
	/** The rows as the server now has them, for the grid to merge. */
	rows: LevelRow[];
};

export type ApplyOptions = {
	/** The file's SHA-256 (import-file.ts `sha256Hex`): the counts' idempotency keys derive from it. */
	fileHash: string;
	onProgress?: (done: number, total: number) => void;
	chunkSize?: number;
};

/** A refusal in the user's language: each field at fault (app/field-problems.ts), else the problem. */
function messageOf(error: unknown): string {
	const fields = error instanceof ApiError ? (error.problem.errors ?? []) : [];
	if (fields.length === 0) return problemMessage(error);
	return fields.map((e) => `${e.field} — ${fieldProblemText(e)}`).join("; ");
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
	return out;
}

export async function applyImportPlan(api: ApiClient, plan: ImportPlan, options: ApplyOptions): Promise<ImportResult> {
	const result: ImportResult = { updated: 0, counted: 0, conflicts: [], failures: [], rows: [] };
	const total = plan.patches.length + plan.counts.length;
	let done = 0;
	const progress = (n: number) => {
		done += n;
		options.onProgress?.(done, total);
	};
	const lineOf = new Map<string, number>();
	for (const change of plan.changes) {
		const key = `${change.productId}\u0000${change.locationId}`;
		if (!lineOf.has(key)) lineOf.set(key, change.line);
	}
	const line = (p: { productId: string; locationId: string }) =>
		lineOf.get(`${p.productId}\u0000${p.locationId}`) ?? null;

	for (const chunk of chunks<LevelPatch>(plan.patches, options.chunkSize ?? PATCH_CHUNK)) {
		try {
			const answer = await api.patch<{ items: LevelPatchResult[] }>("/levels", { items: chunk });
			for (const item of answer.items) {
				const where = { productId: item.productId, locationId: item.locationId, line: line(item) };
				if (item.status === "updated") {
					result.updated++;
					if (item.row) result.rows.push(item.row);
				} else if (item.status === "conflict") {
					result.conflicts.push({ ...where, message: "conflict", row: item.row });
					if (item.row) result.rows.push(item.row);
				} else result.failures.push({ ...where, message: problemMessages("not_found") });
			}
		} catch (error) {
			const message = messageOf(error);
			for (const p of chunk)
				result.failures.push({ productId: p.productId, locationId: p.locationId, line: line(p), message });
		}
		progress(chunk.length);
	}

	const queue = [...plan.counts];
	const worker = async () => {
		for (let count = queue.shift(); count; count = queue.shift()) {
			try {
				const answer = await api.post<{ levels?: LevelRow[] }>("/counts", {
					productId: count.productId,
					locationId: count.locationId,
					onHand: count.onHand,
					idempotencyKey: countIdempotencyKey(options.fileHash, count.line),
				});
				result.counted++;
				result.rows.push(...(answer.levels ?? []));
			} catch (error) {
				result.failures.push({
					productId: count.productId,
					locationId: count.locationId,
					line: count.line,
					message: messageOf(error),
				});
			}
			progress(1);
		}
	};
	await Promise.all(Array.from({ length: Math.min(COUNT_CONCURRENCY, queue.length) }, worker));
	return result;
}
