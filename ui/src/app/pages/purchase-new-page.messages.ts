/** The texts of the new purchase page (purchase-new-page.ts), in English and French. */
import { defineMessages } from "../../i18n/messages";

export const purchaseNewPageMessages = defineMessages({
	en: {
		back: "Purchasing",
		title: "New purchase",
		lead: "A draft moves no stock. Order it once it is ready: its quantities then show as incoming.",
		loading: "Loading…",
	},
	fr: {
		back: "Achats",
		title: "Nouvel achat",
		lead: "Un brouillon ne modifie pas le stock. Commandez-le quand il est prêt : ses quantités apparaissent alors « à recevoir ».",
		loading: "Chargement…",
	},
});
