/**
 * The HTTP face of the one error type (worker/core/app-error.ts): each code's status, one body shape
 * (RFC 9457 problem+json). `problemHandler` turns AppErrors, framework errors and bugs into responses.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError, type ProblemCode } from "../core/app-error";

const STATUS: Record<ProblemCode, ContentfulStatusCode> = {
	validation_failed: 400,
	malformed_json: 400,
	unauthorized: 401,
	forbidden: 403,
	not_found: 404,
	conflict: 409,
	version_conflict: 409,
	payload_too_large: 413,
	unsupported_media_type: 415,
	idempotency_key_reused: 422,
	/** A build of a product that has no bill of materials. */
	not_an_assembly: 422,
	/** Stock short for a build or unbuild; `errors` names each product short. */
	insufficient_stock: 409,
	/** A delivery naming a product not on the order, or more than remains to deliver. */
	not_deliverable: 422,
	/** A stock command on a service, a non-inventory item or a kit: they hold no stock of their own. */
	not_stock_tracked: 422,
	/** Valid quantities whose product or resulting level would pass ±1 000 000 000 (stock/quantity-bounds.ts). */
	quantity_out_of_bounds: 422,
	/** A person's stock move that would take available below zero at a location (docs/architecture.md#negative-stock). */
	would_go_negative: 422,
	/** Removing or demoting the company's last owner: someone must always be able to manage it. */
	last_owner: 409,
	/** A lot named for more than it holds at the location, or with another expiry than it has (stock/lot-allocation.ts). */
	lot_refused: 409,
	internal: 500,
	/** A collaborator (a product object) did not answer; the work is recorded and completes later. */
	unavailable: 503,
};

const TITLES: Record<ProblemCode, string> = {
	validation_failed: "The request has invalid fields",
	malformed_json: "The request body is not valid JSON",
	unauthorized: "Authentication required",
	forbidden: "Not allowed",
	not_found: "Not found",
	conflict: "Conflict",
	version_conflict: "Changed by someone else",
	payload_too_large: "Request body too large",
	unsupported_media_type: "Unsupported media type",
	idempotency_key_reused: "Idempotency key already used for another request",
	not_an_assembly: "The product has no bill of materials",
	insufficient_stock: "Not enough stock",
	not_deliverable: "Not deliverable on this order",
	not_stock_tracked: "This product holds no stock",
	quantity_out_of_bounds: "A quantity would be beyond the maximum",
	would_go_negative: "Available stock would go below zero",
	last_owner: "The company would have no owner",
	lot_refused: "The lot cannot be moved as asked",
	internal: "Internal error",
	unavailable: "Temporarily unavailable",
};

/** The HTTP status an error answers with. */
export function statusOf(error: AppError): ContentfulStatusCode {
	return STATUS[error.code];
}

/** The problem+json body for `error`, as every route answers it. */
function problemBody(error: AppError, instance?: string) {
	return {
		type: `urn:stockroom:problem:${error.code}`,
		title: TITLES[error.code],
		status: statusOf(error),
		detail: error.detail,
		code: error.code,
		...(instance ? { instance } : {}),
		...(error.errors ? { errors: error.errors } : {}),
		...error.extensions,
	};
}

export function problemResponse(c: Context, error: AppError): Response {
	return c.body(JSON.stringify(problemBody(error, c.req.path)), statusOf(error), {
		"content-type": "application/problem+json",
		// A 401 must name the scheme that would be accepted (RFC 9110 §11.6.1) — a bearer token
		// everywhere but on webhooks, which are authenticated by their signature instead.
		...(error.code === "unauthorized" && !c.req.path.startsWith("/webhooks/")
			? { "www-authenticate": 'Bearer realm="stockroom"' }
			: {}),
	});
}

/** `app.onError`: every failure leaves as problem+json; bugs get a generic message and a log line. */
export function problemHandler(err: Error, c: Context): Response {
	if (err instanceof AppError) return problemResponse(c, err);
	if (err instanceof HTTPException) {
		// Hono's JSON validator throws this for a body that does not parse.
		if (err.status === 400) return problemResponse(c, new AppError("malformed_json", err.message));
		if (err.status === 413) return problemResponse(c, new AppError("payload_too_large", err.message));
		if (err.status === 401)
			return problemResponse(c, new AppError("unauthorized", "A valid bearer token is required."));
	}
	const requestId = crypto.randomUUID();
	console.error(`request ${requestId} failed`, err);
	return problemResponse(c, new AppError("internal", `Something went wrong (request ${requestId}).`));
}
