/** The texts of the stock page (stock-page.ts), in English and French. */
import { defineMessages } from "../../i18n/messages";

export const stockPageMessages = defineMessages({
	en: {
		title: "Stock",
		importCsv: "Import CSV",
		importTitle: "Import reorder points, bins and counts",
		close: "Close",
		imported: "Import saved. The grid shows the new values.",
	},
	fr: {
		title: "Stock",
		importCsv: "Importer un CSV",
		importTitle: "Importer des points de commande, des casiers et des inventaires",
		close: "Fermer",
		imported: "Import enregistré. La grille affiche les nouvelles valeurs.",
	},
});
