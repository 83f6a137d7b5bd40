import { describe, expect, it } from "vitest";
import { parseRoute } from "../../ui/src/app/router";
import { orderListHash, readOrderListQuery } from "../../ui/src/orders/order-list-query";

describe("the orders list's filter in the address", () => {
	it("comes back as it was left, and the address still opens the orders list", () => {
		const hash = orderListHash({ status: "partially_delivered", q: " Amy's " });
		expect(hash).toBe("#/orders?status=partially_delivered&q=Amy%27s");
		expect(readOrderListQuery(hash)).toEqual({ status: "partially_delivered", q: "Amy's" });
		expect(parseRoute(hash)).toEqual({ page: "orders" });
	});

	it("keeps the start page's backordered filter", () => {
		const hash = orderListHash({ status: "", q: "", backordered: true });
		expect(hash).toBe("#/orders?backordered=true");
		expect(readOrderListQuery(hash)).toEqual({ status: "", q: "", backordered: true });
	});

	it("is left out when there is none, and an unknown status is no filter", () => {
		expect(orderListHash({ status: "", q: "  " })).toBe("#/orders");
		expect(readOrderListQuery("#/orders?status=lost")).toEqual({ status: "", q: "" });
		expect(readOrderListQuery("#/orders")).toEqual({ status: "", q: "" });
	});
});
