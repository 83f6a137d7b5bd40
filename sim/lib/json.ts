/**
 * Plain JSON values. The simulator keeps Intuit's entities as JSON objects exactly as they go on the
 * wire, so these narrow `unknown` request data without a schema per entity.
 */
export type Json = null | boolean | number | string | Json[] | JsonObject;
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
	return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function asObject(value: unknown): JsonObject | undefined {
	return isObject(value) ? value : undefined;
}

export function asArray(value: unknown): Json[] | undefined {
	return Array.isArray(value) ? (value as Json[]) : undefined;
}

/** Intuit's deserializer turns numbers into strings where a string is expected, so do we. */
export function asString(value: unknown): string | undefined {
	if (typeof value === "string") return value;
	if (typeof value === "number" && Number.isFinite(value)) return String(value);
	return undefined;
}

/** Numbers may arrive as strings ("2.5"): Intuit's deserializer accepts both. */
export function asNumber(value: unknown): number | undefined {
	if (typeof value === "number" && Number.isFinite(value)) return value;
	if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
	return undefined;
}

export function asBoolean(value: unknown): boolean | undefined {
	if (typeof value === "boolean") return value;
	if (value === "true") return true;
	if (value === "false") return false;
	return undefined;
}

/** The `value` of a reference (`{"value":"12","name":"Pump"}`), or undefined. */
export function refValue(value: unknown): string | undefined {
	return asString(asObject(value)?.value);
}
