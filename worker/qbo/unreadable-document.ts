/**
 * A QBO document that does not parse (worker/qbo/document-entities.ts), told to the user in one
 * sentence — "QuickBooks sent an invoice Stockroom could not read: Line 2 has no item." — from the
 * first problem zod found. zod's issues themselves are for operators, not for the sync log.
 */
import type { z } from "zod";
import type { QboDocumentType } from "./document-entities";
import { aDocument } from "./document-nouns";

/** The line details that carry a line's item (and quantity). */
const ITEM_DETAILS = new Set(["SalesItemLineDetail", "ItemBasedExpenseLineDetail", "ItemAdjustmentLineDetail"]);
const ITEM_REFS = new Set(["ItemRef", "GroupItemRef"]);
const QUANTITIES = new Set(["Qty", "QtyDiff", "Quantity"]);

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/**
 * The sentence for `json`, a document of `entityType` that `error` refused.
 *
 * @example
 * unreadableDocumentSentence("Invoice", invoiceWithoutItemOnLine2, error);
 * // "QuickBooks sent an invoice Stockroom could not read: Line 2 has no item."
 */
export function unreadableDocumentSentence(entityType: QboDocumentType, json: unknown, error: z.ZodError): string {
	const [first] = error.issues.flatMap((issue) => leafPaths(issue, []));
	const problem = first ? describe(json, first) : "it is not a document Stockroom knows";
	return `QuickBooks sent ${aDocument(entityType)} Stockroom could not read: ${problem}.`;
}

/**
 * Where the problems are. A union (a line's shapes) reports each shape's problems: the shape that
 * got furthest into the line is the one the line meant, so its problems are the ones to tell.
 */
function leafPaths(issue: Issue, prefix: Path): Path[] {
	const path = [...prefix, ...issue.path];
	if (issue.code !== "invalid_union" || issue.errors.length === 0) return [path];
	const branches = issue.errors.map((branch) => branch.flatMap((inner) => leafPaths(inner, path)));
	const depth = (paths: Path[]) => Math.max(0, ...paths.map((p) => p.length));
	const furthest = branches.reduce((best, branch) => (depth(branch) > depth(best) ? branch : best));
	return furthest.length > 0 ? furthest : [path];
}

/** "Line 2 has no item", "its SyncToken is not a number"… */
function describe(json: unknown, path: Path): string {
	const { lines, field } = splitAtLines(path);
	const missing = valueAt(json, path) == null;
	if (lines.length === 0) return describeHeader(field, missing);
	const where = `Line ${lines[0]}${lines
		.slice(1)
		.map((n) => `, component ${n}`)
		.join("")}`;
	return `${where} ${describeLineField(field, missing)}`;
}

/** The 1-based line numbers along `path` (a bundle's components nest), and the field after them. */
function splitAtLines(path: Path): { lines: number[]; field: Path } {
	const lines: number[] = [];
	let rest = path;
	for (let i = 0; i < path.length - 1; i++) {
		const index = path[i + 1];
		if (path[i] === "Line" && typeof index === "number") {
			lines.push(index + 1);
			rest = path.slice(i + 2);
		}
	}
	return { lines, field: rest };
}

function describeHeader(field: Path, missing: boolean): string {
	const [name] = field;
	if (name === undefined) return "it is not a document";
	if (name === "Line") return missing ? "it has no lines" : "its lines are not a list";
	if (name === "Id") return missing ? "it has no Id" : "its Id is not a QuickBooks id";
	if (name === "SyncToken")
		return missing ? "it has no version (SyncToken)" : "its version (SyncToken) is not a number";
	if (name === "DepartmentRef") return "its location (department) cannot be read";
	if (name === "LinkedTxn") return "its linked transactions cannot be read";
	return missing ? `it has no ${String(name)}` : `its ${String(name)} cannot be read`;
}

function describeLineField(field: Path, missing: boolean): string {
	const names = field.filter((k): k is string => typeof k === "string");
	if (names.length === 0) return "is not a line";
	if (names.some((n) => ITEM_REFS.has(n))) return missing ? "has no item" : "names an item Stockroom cannot read";
	if (names.some((n) => QUANTITIES.has(n))) return missing ? "has no quantity" : "has a quantity that is not a number";
	const [first] = names;
	if (names.length === 1 && first && ITEM_DETAILS.has(first)) return "has no item";
	if (names.length === 1 && first === "GroupLineDetail") return "has no bundle";
	if (first === "DetailType")
		return missing ? "has no line type (DetailType)" : "has a line type Stockroom cannot read";
	const last = names[names.length - 1] ?? "";
	return missing ? `has no ${last}` : `has a ${last} Stockroom cannot read`;
}

function valueAt(json: unknown, path: Path): unknown {
	let value = json;
	for (const key of path) {
		if (typeof value !== "object" || value === null) return undefined;
		value = (value as Record<PropertyKey, unknown>)[key];
	}
	return value;
}
