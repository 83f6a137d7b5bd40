/**
 * Intuit's error bodies. Most faults are `{"Fault":{"Error":[…],"type":"ValidationFault"},"time":…}`
 * with HTTP 400; a batch answers the same Fault per item with HTTP 200. Authentication failures use a
 * different, lower-case envelope (see `authenticationFault`).
 */
import type { JsonObject } from "../lib/json.ts";

export type FaultType = "ValidationFault" | "SystemFault" | "AuthenticationFault" | "AuthorizationFault" | "SERVICE";

export type FaultError = { Message: string; Detail: string; code: string; element?: string };

/** A QBO fault raised anywhere in the simulator; the HTTP layer renders it. */
export class QboError extends Error {
	readonly status: number;
	readonly type: FaultType;
	readonly error: FaultError;

	constructor(status: number, type: FaultType, error: FaultError) {
		super(`${error.code} ${error.Message}: ${error.Detail}`);
		this.status = status;
		this.type = type;
		this.error = error;
	}

	/** The `Fault` object (without `time`), as in REST bodies and batch items. */
	fault(): JsonObject {
		const error: JsonObject = { Message: this.error.Message, Detail: this.error.Detail, code: this.error.code };
		if (this.error.element !== undefined) error.element = this.error.element;
		return { Error: [error], type: this.type };
	}
}

function validation(code: string, message: string, detail: string, element = ""): QboError {
	return new QboError(400, "ValidationFault", { Message: message, Detail: detail, code, element });
}

/** 610: the id does not exist, was deleted, or the referenced object is inactive. */
export function objectNotFound(detail?: string): QboError {
	return validation(
		"610",
		"Object Not Found",
		`Object Not Found : ${detail ?? "Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees."}`,
	);
}

export function deletedTransaction(): QboError {
	return objectNotFound("Another user has deleted this transaction.");
}

/** 5010: the SyncToken sent is not the current one. */
export function staleObject(): QboError {
	return validation(
		"5010",
		"Stale Object Error",
		"Stale Object Error : You and Stockroom Simulator were working on this at the same time. Stockroom Simulator finished before you did, so your work was not saved.",
	);
}

/** 6240: a name (Item/Account/Department Name, Customer/Vendor DisplayName) already exists. */
export function duplicateName(detail = "Another customer, vendor or employee is already using this name."): QboError {
	return validation("6240", "Duplicate Name Exists Error", `The name supplied already exists. : ${detail}`);
}

export function requiredParam(element: string): QboError {
	return validation(
		"2020",
		"Required param missing, need to supply the required value for the API",
		`Required parameter ${element} is missing in the request`,
		element,
	);
}

export function unsupportedProperty(entity: string, property: string): QboError {
	return validation(
		"2010",
		"Request has invalid or unsupported property",
		`Property Name:Unrecognized field "${property}" (class com.intuit.schema.finance.v3.${entity}), not marked as ignorable specified is unsupported or invalid`,
		property,
	);
}

export function invalidValue(element: string, detail: string): QboError {
	return validation("2010", "Request has invalid or unsupported property", `${element}: ${detail}`, element);
}

export function invalidReference(element: string, id: string): QboError {
	return validation(
		"2500",
		"Invalid Reference Id",
		`Invalid Reference Id : ${element} assigned to this transaction has been deleted. Before you can modify this transaction, you must restore ${element} (Id ${id}).`,
		element,
	);
}

export function businessValidation(detail: string, element = ""): QboError {
	return validation(
		"6000",
		"A business validation error has occurred while processing your request",
		`Business Validation Error: ${detail}`,
		element,
	);
}

export function unsupportedOperation(detail: string): QboError {
	return validation("500", "Unsupported Operation", `Operation ${detail} is not supported.`);
}

export function queryParseError(detail: string): QboError {
	return new QboError(400, "ValidationFault", {
		Message: "Error parsing query",
		Detail: `QueryParserError: ${detail}`,
		code: "4000",
	});
}

export function invalidQuery(detail: string): QboError {
	return new QboError(400, "ValidationFault", {
		Message: "Invalid query",
		Detail: `QueryValidationError: ${detail}`,
		code: "4001",
	});
}

export function malformedBody(detail: string): QboError {
	return validation("2010", "Request has invalid or unsupported property", `Unable to parse request body: ${detail}`);
}

/** 3100: a valid token used on a company it was not issued for. */
export function authorizationFault(): QboError {
	return new QboError(403, "AuthorizationFault", {
		Message: "message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403",
		Detail: "",
		code: "3100",
	});
}

export function throttled(): QboError {
	return new QboError(429, "SERVICE", {
		Message: "message=ThrottleExceeded; errorCode=003001; statusCode=429",
		Detail: "The request limit was reached.  Please retry after the throttling period has elapsed.",
		code: "003001",
	});
}

export function systemFault(status = 500): QboError {
	return new QboError(status, "SystemFault", {
		Message: "An application error has occurred while processing your request",
		Detail:
			"System Failure Error: An unexpected error occurred while accessing or saving your data. Please wait a few minutes and try again.",
		code: "10000",
	});
}

export function gatewayTimeout(): QboError {
	return new QboError(504, "SystemFault", {
		Message: "Gateway Timeout",
		Detail: "The request took longer than the gateway allows.",
		code: "10000",
	});
}

/**
 * A 401 (code 3200) as Intuit sends it: lower-case `fault`, nulls everywhere, `time` in epoch ms.
 * Clients that only look for `Fault` miss it — that is the point of reproducing it.
 */
export function authenticationFault(detail: string, nowMs: number): JsonObject {
	return {
		warnings: null,
		intuitObject: null,
		fault: {
			error: [
				{
					message: "message=AuthenticationFailed; errorCode=003200; statusCode=401",
					detail,
					code: "3200",
					element: null,
				},
			],
			type: "AUTHENTICATION",
		},
		report: null,
		queryResponse: null,
		batchItemResponse: [],
		attachableResponse: [],
		syncErrorResponse: null,
		requestId: null,
		time: nowMs,
		status: null,
		cdcresponse: [],
	};
}
