/**
 * The `Line[]` of QBO transactions (docs/qbo.md#lines). Item lines are checked strictly — their ItemRef
 * and quantity move stock — while the lines that never move stock (descriptions, subtotals,
 * discounts, account-based expenses) and DetailTypes we do not know yet pass with any shape.
 */
import { z } from "zod";
import { qboDecimalSchema, qboRefSchema } from "./entity-fields";

/** DetailTypes whose shape we check; any other DetailType is accepted as an "other" line. */
const KNOWN_DETAIL_TYPES = [
	"SalesItemLineDetail",
	"GroupLineDetail",
	"ItemBasedExpenseLineDetail",
	"ItemAdjustmentLineDetail",
	"DescriptionOnly",
	"SubTotalLineDetail",
	"DiscountLineDetail",
	"AccountBasedExpenseLineDetail",
] as const;
export type KnownDetailType = (typeof KNOWN_DETAIL_TYPES)[number];

const lineFields = {
	// Server-computed lines (subtotals) have no Id.
	Id: z.string().nullish(),
	LineNum: qboDecimalSchema.nullish(),
	Amount: qboDecimalSchema.nullish(),
	Description: z.string().nullish(),
};

/** Sales documents' item line. `Qty` is absent when none was entered and after a void. */
const salesItemLineSchema = z.looseObject({
	...lineFields,
	DetailType: z.literal("SalesItemLineDetail"),
	SalesItemLineDetail: z.looseObject({ ItemRef: qboRefSchema, Qty: qboDecimalSchema.nullish() }),
});

/** Purchase documents' item line (Bill, Purchase, VendorCredit, PurchaseOrder). */
const itemBasedExpenseLineSchema = z.looseObject({
	...lineFields,
	DetailType: z.literal("ItemBasedExpenseLineDetail"),
	ItemBasedExpenseLineDetail: z.looseObject({ ItemRef: qboRefSchema, Qty: qboDecimalSchema.nullish() }),
});

/** InventoryAdjustment's line: a signed quantity difference. */
const itemAdjustmentLineSchema = z.looseObject({
	...lineFields,
	DetailType: z.literal("ItemAdjustmentLineDetail"),
	ItemAdjustmentLineDetail: z.looseObject({ ItemRef: qboRefSchema, QtyDiff: qboDecimalSchema }),
});

/** Lines that never move stock; their detail object is not ours to check. */
const inertLineSchema = z.looseObject({
	...lineFields,
	DetailType: z.enum(["DescriptionOnly", "SubTotalLineDetail", "DiscountLineDetail", "AccountBasedExpenseLineDetail"]),
});

/**
 * A DetailType QBO may add later: kept, never counted. The check aborts so that, for a known line
 * that does not read, zod reports why that line failed its own shape (worker/qbo/unreadable-document.ts)
 * rather than only that it is not an unknown one.
 */
const otherLineSchema = z.looseObject({
	...lineFields,
	DetailType: z.string().refine((t) => !(KNOWN_DETAIL_TYPES as readonly string[]).includes(t), {
		message: "is a known DetailType",
		abort: true,
	}),
});

/**
 * A bundle sold on a sales document: QBO writes its components back as nested lines. The group
 * line itself carries no stock; `Line` is read recursively.
 */
const groupLineSchema = z.looseObject({
	...lineFields,
	DetailType: z.literal("GroupLineDetail"),
	GroupLineDetail: z.looseObject({
		GroupItemRef: qboRefSchema,
		Quantity: qboDecimalSchema.nullish(),
		get Line() {
			return z.array(qboLineSchema).nullish();
		},
	}),
});

export type SalesItemLine = z.infer<typeof salesItemLineSchema>;
export type ItemBasedExpenseLine = z.infer<typeof itemBasedExpenseLineSchema>;
export type ItemAdjustmentLine = z.infer<typeof itemAdjustmentLineSchema>;
export type GroupLine = z.infer<typeof groupLineSchema>;
type InertLine = z.infer<typeof inertLineSchema>;

/**
 * Some QBO answers omit `DetailType` (the documented InventoryAdjustment sample does): it is
 * inferred from the one detail object the line carries.
 */
function inferDetailType(line: unknown): unknown {
	if (typeof line !== "object" || line === null || Array.isArray(line) || "DetailType" in line) return line;
	const detail = KNOWN_DETAIL_TYPES.find((type) => type in line);
	return detail ? { ...line, DetailType: detail } : line;
}

/** One line of any transaction. */
export const qboLineSchema = z.preprocess(
	inferDetailType,
	z.union([
		z.discriminatedUnion("DetailType", [
			salesItemLineSchema,
			groupLineSchema,
			itemBasedExpenseLineSchema,
			itemAdjustmentLineSchema,
			inertLineSchema,
		]),
		otherLineSchema,
	]),
);
export type QboLine = z.infer<typeof qboLineSchema>;

/** A line whose DetailType we know, narrowed by a `switch` on `DetailType`. */
export type KnownLine = SalesItemLine | GroupLine | ItemBasedExpenseLine | ItemAdjustmentLine | InertLine;

/**
 * The line as a known line, or null for a DetailType we do not know. Needed because an "other"
 * line's DetailType is any string, which keeps TypeScript from narrowing the parsed union; sound
 * because the schema refuses a known DetailType on an "other" line.
 */
export function asKnownLine(line: QboLine): KnownLine | null {
	return (KNOWN_DETAIL_TYPES as readonly string[]).includes(line.DetailType) ? (line as KnownLine) : null;
}
