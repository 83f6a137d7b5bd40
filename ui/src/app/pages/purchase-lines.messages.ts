/** The texts of a purchase's lines table (purchase-lines.ts), in English and French. */
import { defineMessages } from "../../i18n/messages";

export const purchaseLinesMessages = defineMessages({
	en: {
		sku: "SKU",
		name: "Name",
		ordered: "Ordered",
		received: "Received",
		open: "Open",
	},
	fr: {
		sku: "Référence",
		name: "Nom",
		ordered: "Commandé",
		received: "Reçu",
		open: "Restant",
	},
});
