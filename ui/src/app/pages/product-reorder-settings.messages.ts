/** The texts of a product's reorder settings per location (product-reorder-settings.ts), in English and French. */
import { defineMessages } from "../../i18n/messages";

export const productReorderSettingsMessages = defineMessages({
	en: {
		title: "Reorder settings",
		help: "When available stock at a location falls to its reorder point, buy its reorder quantity. Empty: none.",
		location: "Location",
		reorderPoint: "Reorder point",
		reorderQty: "Reorder qty",
		pointAt: "Reorder point at {location}",
		qtyAt: "Reorder quantity at {location}",
		none: "–",
		save: "Save reorder settings",
		saving: "Saving…",
		saved: "Reorder settings saved.",
		unchanged: "Nothing changed.",
		notQuantity: "Enter a quantity of 0 or more, or leave it empty.",
		conflict: "Someone else changed these settings meanwhile: they are shown as saved now. Check them and save again.",
		loading: "Loading…",
		loadFailed: "The reorder settings could not be loaded: {message}",
	},
	fr: {
		title: "Réapprovisionnement",
		help: "Quand le disponible d’un emplacement descend à son seuil de réappro., commandez sa quantité de réappro. Vide : aucun.",
		location: "Emplacement",
		reorderPoint: "Seuil de réappro.",
		reorderQty: "Qté de réappro.",
		pointAt: "Seuil de réappro. à {location}",
		qtyAt: "Quantité de réappro. à {location}",
		none: "–",
		save: "Enregistrer le réapprovisionnement",
		saving: "Enregistrement…",
		saved: "Réapprovisionnement enregistré.",
		unchanged: "Rien n’a changé.",
		notQuantity: "Saisissez une quantité de 0 ou plus, ou laissez vide.",
		conflict:
			"Quelqu’un d’autre a modifié ces réglages entre-temps : ils sont affichés tels qu’enregistrés. Vérifiez-les et enregistrez à nouveau.",
		loading: "Chargement…",
		loadFailed: "Le réapprovisionnement n’a pas pu être chargé : {message}",
	},
});
