/**
 * A movement's kind in words, the same on every page that lists movements (the product's ledger,
 * a lot's history, an order's movements).
 */
import type { MovementKind } from "../api/types";
import { movementKindMessages as t } from "./movement-kinds.messages";

/** Every kind the API can send has its label: a kind added to the API fails the typecheck here. */
const LABELLED: Record<MovementKind, true> = {
	adjustment: true,
	count: true,
	transfer: true,
	invoice: true,
	sales_receipt: true,
	estimate: true,
	credit_memo: true,
	refund_receipt: true,
	bill: true,
	purchase: true,
	vendor_credit: true,
	purchase_order: true,
	inventory_adjustment: true,
	delivery: true,
	purchase_receipt: true,
	build: true,
	unbuild: true,
	lot_assignment: true,
	lot_repick: true,
};

/** @example movementKindLabel("lot_repick") // "Lots re-picked" (English) */
export function movementKindLabel(kind: MovementKind): string {
	return LABELLED[kind] ? t(kind) : kind;
}
