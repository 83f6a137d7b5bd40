/** The texts of a product's barcode field (product-barcode-field.ts), in English and French. */
import { defineMessages } from "../../i18n/messages";

export const productBarcodeFieldMessages = defineMessages({
	en: {
		title: "Barcode",
		label: "Barcode (GTIN, UPC or EAN)",
		help: "8, 12, 13 or 14 digits. Kept in Stockroom only: a scan in the search box opens this product.",
		none: "None",
		save: "Save barcode",
		saving: "Saving…",
		saved: "Barcode saved.",
		cleared: "Barcode removed.",
	},
	fr: {
		title: "Code-barres",
		label: "Code-barres (GTIN, UPC ou EAN)",
		help: "8, 12, 13 ou 14 chiffres. Gardé dans Stockroom seulement : un scan dans la recherche ouvre ce produit.",
		none: "Aucun",
		save: "Enregistrer le code-barres",
		saving: "Enregistrement…",
		saved: "Code-barres enregistré.",
		cleared: "Code-barres retiré.",
	},
});
