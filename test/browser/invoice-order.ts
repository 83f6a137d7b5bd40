/**
 * An order as a QuickBooks user makes one: an invoice saved in the simulated company, its webhook
 * delivered, and the order Stockroom made of it found through the API.
 */
import type { components } from "../../ui/src/api/openapi.ts";
import { type Scenario, settle } from "../e2e/stack.ts";
import { apiAs } from "./api.ts";

type OrderSummary = components["schemas"]["OrderSummary"];

/** Saves an invoice of `lines` (simulated item ids and quantities); answers it and the order made of it. */
export async function invoiceOrder(scenario: Scenario, lines: { item: string; qty: number }[]) {
	const invoice = await scenario.docs.create({ type: "Invoice", lines });
	await scenario.flushWebhooks();
	const found = await settle(
		() => apiAs(scenario.token).get<{ items: OrderSummary[] }>(`/orders?qboId=${invoice.Id}&qboType=invoice`),
		(page) => page.items.length === 1,
		{ timeoutMs: 15_000 },
	);
	const [order] = found.items;
	if (!order) throw new Error(`no order for invoice ${invoice.Id}`);
	return { invoice, order };
}
