/**
 * A recall as CSV (RFC 4180: comma-separated, CRLF, fields quoted when they hold a comma, a quote or
 * a line break), one row per delivery of a lot to a customer. A field a spreadsheet would run as a
 * formula (`=`, `+`, `-`, `@`, tab or CR first) is prefixed with `'`: customer names come from
 * QuickBooks, and a recall list is opened by people.
 */
import type { RecallRow } from "./recall";

export const RECALL_CSV_COLUMNS = [
	"customer",
	"date",
	"sku",
	"product",
	"lot",
	"quantity",
	"delivery_note",
	"order",
	"qbo_document_type",
	"qbo_document_number",
	"location_id",
	"recalled_lots",
] as const;

const QBO_TYPE_NAMES = { invoice: "Invoice", sales_receipt: "SalesReceipt", estimate: "Estimate" } as const;

function field(value: string | number | null): string {
	if (value === null) return "";
	let text = String(value);
	if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** @example recallCsv([]) // "customer,date,…,recalled_lots\r\n" */
export function recallCsv(rows: RecallRow[], skuOf: (productId: string) => string): string {
	const lines = [RECALL_CSV_COLUMNS.join(",")];
	for (const r of rows)
		lines.push(
			[
				r.customerName,
				r.at,
				r.sku,
				r.name,
				r.lot,
				r.quantity,
				r.deliveryNumber,
				r.orderNumber,
				QBO_TYPE_NAMES[r.qboType],
				r.qboDocNumber ?? `#${r.qboId}`,
				r.locationId,
				r.recalledLots.map((l) => `${skuOf(l.productId)}/${l.lot}`).join(" "),
			]
				.map(field)
				.join(","),
		);
	return `${lines.join("\r\n")}\r\n`;
}
