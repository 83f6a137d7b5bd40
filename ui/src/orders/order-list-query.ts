/**
 * The orders list's filter in the address (`#/orders?status=open&q=amy`), so that coming back
 * from an order (Back, or the breadcrumb's link kept in history) finds the list as it was left.
 */
import type { OrderStatus } from "../api/types";

export const ORDER_STATUSES: readonly OrderStatus[] = ["open", "partially_delivered", "delivered", "cancelled"];

/** `backordered`: only open orders that on hand cannot serve (the start page's figure links here). */
export type OrderListQuery = { status: OrderStatus | ""; q: string; backordered?: boolean };

/** The filter of a hash; an unknown status is no filter. */
export function readOrderListQuery(hash: string): OrderListQuery {
	const index = hash.indexOf("?");
	const params = new URLSearchParams(index >= 0 ? hash.slice(index + 1) : "");
	const status = params.get("status") ?? "";
	return {
		status: (ORDER_STATUSES as readonly string[]).includes(status) ? (status as OrderStatus) : "",
		q: params.get("q") ?? "",
		...(params.get("backordered") === "true" ? { backordered: true } : {}),
	};
}

/** `#/orders`, with the filter when there is one. */
export function orderListHash({ status, q, backordered }: OrderListQuery): string {
	const params = new URLSearchParams();
	if (status) params.set("status", status);
	if (q.trim()) params.set("q", q.trim());
	if (backordered) params.set("backordered", "true");
	return params.size > 0 ? `#/orders?${params}` : "#/orders";
}
