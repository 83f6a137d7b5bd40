/**
 * The lots of the build form (assembly-panel.ts) as data: the lot a build produces (generated, or
 * typed with its expiry), the lot an unbuild takes apart, and one optional chosen lot per component
 * tracked by lot. Pure: the fields sent with `POST /builds` (docs/architecture.md#lots-in-builds),
 * the errors that stop them, and which form field a server error names.
 */
import { isDay } from "../lots/lot-expiry";
import { LOT_MAX_LENGTH } from "../lots/lot-rows";

export type LotMode = "generate" | "typed";

/** What the form holds; texts as typed. */
export type BuildLotForm = {
	mode: LotMode;
	/** The typed lot (a build), or the lot taken apart (an unbuild; empty: first-expiry-first-out). */
	lot: string;
	/** `YYYY-MM-DD` (a date input's value) or empty. */
	expiry: string;
	/** By component product id: the chosen lot and how much of it (empty: the whole need). */
	components: Record<string, { lot: string; quantity: string }>;
};

export const emptyBuildLotForm = (): BuildLotForm => ({ mode: "generate", lot: "", expiry: "", components: {} });

/** The form's keys of errors: the assembly's lot and expiry, a component's chosen lot. */
export const LOT_KEY = "lot.lot";
export const EXPIRY_KEY = "lot.expiry";
export const componentKey = (productId: string) => `component.${productId}`;

export type BuildLotError =
	| "lotMissing"
	| "lotTooLong"
	| "expiryMissing"
	| "notDate"
	| "notNumber"
	| "notPositive"
	| "overNeed";

export type BuildLotFields = {
	lot?: { lot?: string; expiry?: string };
	generateLot?: true;
	componentLots?: { productId: string; lots: { lot: string; quantity: number }[] }[];
};

export type BuildLotPlan = {
	fields: BuildLotFields;
	/** The component of each `componentLots` entry sent, in order: the server's `componentLots.1` is `sent[1]`. */
	sent: string[];
	errors: Map<string, BuildLotError>;
};

type Assembly = { tracking?: string; expiryRequired?: boolean };
type ComponentNeed = { productId: string; tracked: boolean; need: number };

/**
 * The lot fields of a build or an unbuild. A build of an assembly tracked by lot produces a lot:
 * generated or typed, with an expiry when the product requires one (a typed lot the product already
 * has keeps its own: the server says so). Components take a chosen lot only in a build.
 */
export function buildLotPlan(
	kind: "build" | "unbuild",
	form: BuildLotForm,
	assembly: Assembly,
	components: readonly ComponentNeed[],
	parse: (text: string) => number | null,
): BuildLotPlan {
	const errors = new Map<string, BuildLotError>();
	const fields: BuildLotFields = {};
	const sent: string[] = [];
	const lot = form.lot.trim();
	const expiry = form.expiry.trim();
	const tracked = assembly.tracking === "lot";
	if (tracked && lot.length > LOT_MAX_LENGTH) errors.set(LOT_KEY, "lotTooLong");
	if (tracked && kind === "build") {
		if (expiry !== "" && !isDay(expiry)) errors.set(EXPIRY_KEY, "notDate");
		if (form.mode === "typed" && lot === "") errors.set(LOT_KEY, "lotMissing");
		if (form.mode === "generate" && assembly.expiryRequired && expiry === "") errors.set(EXPIRY_KEY, "expiryMissing");
		if (form.mode === "generate") fields.generateLot = true;
		const own = { ...(form.mode === "typed" ? { lot } : {}), ...(expiry ? { expiry } : {}) };
		if (Object.keys(own).length > 0) fields.lot = own;
	}
	if (tracked && kind === "unbuild" && lot !== "") fields.lot = { lot };
	if (kind === "build") {
		const componentLots: NonNullable<BuildLotFields["componentLots"]> = [];
		for (const c of components) {
			const chosen = form.components[c.productId];
			const name = chosen?.lot.trim() ?? "";
			if (!c.tracked || name === "") continue;
			const text = chosen?.quantity.trim() ?? "";
			const quantity = text === "" ? c.need : parse(text);
			const key = componentKey(c.productId);
			if (name.length > LOT_MAX_LENGTH) errors.set(key, "lotTooLong");
			else if (quantity === null) errors.set(key, "notNumber");
			else if (quantity <= 0) errors.set(key, "notPositive");
			else if (quantity > c.need) errors.set(key, "overNeed");
			else {
				componentLots.push({ productId: c.productId, lots: [{ lot: name, quantity }] });
				sent.push(c.productId);
			}
		}
		if (componentLots.length > 0) fields.componentLots = componentLots;
	}
	return { fields, sent, errors };
}

/**
 * A server field error as the form's key: the assembly's `lot…` and `generateLot` at its lot (the
 * expiry's at the expiry), `componentLots.1…` at the component sent second; null for any other.
 */
export function buildLotFieldOf(field: string, sent: readonly string[]): string | null {
	if (field === "lot.expiry") return EXPIRY_KEY;
	if (field === "lot" || field === "lot.lot" || field === "generateLot") return LOT_KEY;
	const match = /^componentLots\.(\d+)(?:\.|$)/.exec(field);
	const productId = match ? sent[Number(match[1])] : undefined;
	return productId ? componentKey(productId) : null;
}
