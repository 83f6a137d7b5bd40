/**
 * The one error type of the domain: a code from a fixed list, a sentence for the person who made the
 * request, and the fields at fault. No HTTP here: worker/api/problem.ts maps each code to its status
 * and the problem+json body.
 */
import type { z } from "zod";
import { issueWords } from "./issue-words";

/** Every way a request can fail; worker/api/problem.ts gives each its HTTP status and title. */
export const PROBLEM_CODES = [
	"validation_failed",
	"malformed_json",
	"unauthorized",
	"forbidden",
	"not_found",
	"conflict",
	"version_conflict",
	"payload_too_large",
	"unsupported_media_type",
	"idempotency_key_reused",
	"not_an_assembly",
	"insufficient_stock",
	"not_deliverable",
	"not_stock_tracked",
	"quantity_out_of_bounds",
	"would_go_negative",
	"last_owner",
	"lot_refused",
	"internal",
	"unavailable",
] as const;

export type ProblemCode = (typeof PROBLEM_CODES)[number];

/**
 * A field at fault: where it was (`body`, `query`, `param`), its path, and what is wrong. `code` and
 * `params`, when given, say what is wrong for a client to word in its own language (`message` is English).
 */
export type FieldError = {
	in: string;
	field: string;
	message: string;
	code?: string;
	params?: Record<string, string | number>;
};

/**
 * `extensions`: members the problem body carries beside the standard ones, for a client to word the
 * problem in its own language (`would_go_negative`: the location and the shortfall).
 */
export class AppError extends Error {
	constructor(
		readonly code: ProblemCode,
		readonly detail: string,
		readonly errors?: FieldError[],
		readonly extensions?: Record<string, unknown>,
	) {
		super(detail);
		this.name = "AppError";
	}
}

/** Turns zod issues into field errors; `where` is the part of the request that was parsed. */
export function fieldErrors(where: string, error: z.ZodError): FieldError[] {
	return error.issues.map((issue) => {
		const path = issue.path.map(String);
		// An unrecognized key names the key itself, not the object holding it.
		if (issue.code === "unrecognized_keys") path.push(...issue.keys);
		return { in: where, field: path.join(".") || "(root)", message: issue.message, ...issueWords(issue) };
	});
}
