/** The texts of a product's stock value card (product-stock-value.ts), in English and French. */
import { defineMessages } from "../../i18n/messages";

export const productStockValueMessages = defineMessages({
	en: {
		title: "Stock value",
		cost: "Cost",
		costEach: "{cost} each",
		costSource: "Purchase cost from QuickBooks",
		noCost: "No cost known",
		noCostHelp: "QuickBooks has no purchase cost for this item, so its stock cannot be valued.",
		location: "Location",
		onHand: "On hand",
		value: "Value",
		total: "Total",
	},
	fr: {
		title: "Valeur du stock",
		cost: "Coût",
		costEach: "{cost} l’unité",
		costSource: "Coût d’achat issu de QuickBooks",
		noCost: "Aucun coût connu",
		noCostHelp: "QuickBooks n’a pas de coût d’achat pour cet article : son stock ne peut pas être valorisé.",
		location: "Emplacement",
		onHand: "En stock",
		value: "Valeur",
		total: "Total",
	},
});
