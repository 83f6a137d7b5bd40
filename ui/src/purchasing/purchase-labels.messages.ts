/** The texts of a purchase's status names (purchase-labels.ts), in English and French. */
import { defineMessages } from "../i18n/messages";

export const purchaseLabelsMessages = defineMessages({
	en: {
		draft: "Draft",
		ordered: "Ordered",
		partially_received: "Partly received",
		received: "Received",
		cancelled: "Cancelled",
	},
	fr: {
		draft: "Brouillon",
		ordered: "Commandé",
		partially_received: "Reçu en partie",
		received: "Reçu",
		cancelled: "Annulé",
	},
});
