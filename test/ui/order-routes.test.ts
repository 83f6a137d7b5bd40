import { describe, expect, it } from "vitest";
import { navPageOf, parseRoute, routeHash } from "../../ui/src/app/router";

describe("the addresses of orders and delivery notes", () => {
	it("opens the orders list, an order and a delivery note from their links, ids decoded", () => {
		expect(parseRoute("#/orders")).toEqual({ page: "orders" });
		expect(parseRoute(routeHash({ page: "order", orderId: "01J/X" }))).toEqual({ page: "order", orderId: "01J/X" });
		expect(parseRoute("#/deliveries/01JDN")).toEqual({ page: "delivery", deliveryId: "01JDN" });
		expect(routeHash({ page: "delivery", deliveryId: "a b" })).toBe("#/deliveries/a%20b");
	});

	it("says not found for a delivery note without id or with more path", () => {
		expect(parseRoute("#/deliveries")).toEqual({ page: "not-found", path: "/deliveries" });
		expect(parseRoute("#/orders/a/b")).toEqual({ page: "not-found", path: "/orders/a/b" });
	});

	it("highlights Orders in the nav bar on an order's page and on a delivery note", () => {
		expect(navPageOf({ page: "order", orderId: "x" })).toBe("orders");
		expect(navPageOf({ page: "delivery", deliveryId: "x" })).toBe("orders");
	});
});
