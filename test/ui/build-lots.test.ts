import { describe, expect, it } from "vitest";
import {
	buildLotFieldOf,
	buildLotPlan,
	componentKey,
	EXPIRY_KEY,
	emptyBuildLotForm,
	LOT_KEY,
} from "../../ui/src/assemblies/build-lots";
import { parseQuantity } from "../../ui/src/i18n/numbers";

const parse = (text: string) => parseQuantity(text, "en");
const tracked = { tracking: "lot", expiryRequired: false };
const components = [
	{ productId: "cap", tracked: true, need: 6 },
	{ productId: "box", tracked: false, need: 3 },
];

describe("the build form's lots", () => {
	it("a build of an assembly tracked by lot generates its lot by default, with the expiry given", () => {
		const plan = buildLotPlan("build", { ...emptyBuildLotForm(), expiry: "2098-01-31" }, tracked, components, parse);
		expect(plan.errors.size).toBe(0);
		expect(plan.fields).toEqual({ generateLot: true, lot: { expiry: "2098-01-31" } });
	});

	it("sends a typed lot, and a chosen component lot with the whole need when no quantity is typed", () => {
		const form = {
			...emptyBuildLotForm(),
			mode: "typed" as const,
			lot: " K1 ",
			components: { cap: { lot: "C-LATE", quantity: "" }, box: { lot: "ignored", quantity: "1" } },
		};
		const plan = buildLotPlan("build", form, tracked, components, parse);
		expect(plan.fields).toEqual({
			lot: { lot: "K1" },
			componentLots: [{ productId: "cap", lots: [{ lot: "C-LATE", quantity: 6 }] }],
		});
		expect(plan.sent).toEqual(["cap"]);
	});

	it("stops a typed lot left empty, a missing required expiry and a chosen quantity beyond the need", () => {
		const typed = buildLotPlan("build", { ...emptyBuildLotForm(), mode: "typed" }, tracked, components, parse);
		expect(typed.errors.get(LOT_KEY)).toBe("lotMissing");
		const required = buildLotPlan("build", emptyBuildLotForm(), { tracking: "lot", expiryRequired: true }, [], parse);
		expect(required.errors.get(EXPIRY_KEY)).toBe("expiryMissing");
		const over = buildLotPlan(
			"build",
			{ ...emptyBuildLotForm(), components: { cap: { lot: "C", quantity: "7" } } },
			tracked,
			components,
			parse,
		);
		expect(over.errors.get(componentKey("cap"))).toBe("overNeed");
	});

	it("an unbuild names the lot taken apart, or none; a product not tracked by lot sends no lot", () => {
		expect(buildLotPlan("unbuild", { ...emptyBuildLotForm(), lot: "K1" }, tracked, components, parse).fields).toEqual({
			lot: { lot: "K1" },
		});
		expect(buildLotPlan("unbuild", emptyBuildLotForm(), tracked, components, parse).fields).toEqual({});
		expect(buildLotPlan("build", emptyBuildLotForm(), { tracking: "none" }, [], parse).fields).toEqual({});
	});

	it("puts the server's errors at the field that caused them", () => {
		expect(buildLotFieldOf("lot.expiry", [])).toBe(EXPIRY_KEY);
		expect(buildLotFieldOf("generateLot", [])).toBe(LOT_KEY);
		expect(buildLotFieldOf("lot", [])).toBe(LOT_KEY);
		expect(buildLotFieldOf("componentLots.1.lots.0.quantity", ["cap", "box"])).toBe(componentKey("box"));
		expect(buildLotFieldOf("quantity", ["cap"])).toBeNull();
	});
});
