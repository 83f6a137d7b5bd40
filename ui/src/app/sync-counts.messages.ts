/** The counted nouns of the sync page and log (sync-counts.ts), in English and French. */
import { defineMessages } from "../i18n/messages";

export const syncCountsMessages = defineMessages({
	en: {
		products_one: "{n} product",
		products_other: "{n} products",
		vendors_one: "{n} vendor",
		vendors_other: "{n} vendors",
		documents_one: "{n} document",
		documents_other: "{n} documents",
		locations_one: "{n} location",
		locations_other: "{n} locations",
		newProducts_one: "{n} new product",
		newProducts_other: "{n} new products",
		corrections_one: "{n} quantity correction",
		corrections_other: "{n} quantity corrections",
		event_unreadable: "Stockroom could not read this event as it was queued, so it was set aside.",
		event_not_qbo: "This event does not name a QuickBooks record (its id is not a QuickBooks id), so it was set aside.",
		internal_error: "Stockroom ran into an internal error while applying this change.",
	},
	fr: {
		products_one: "{n} produit",
		products_other: "{n} produits",
		vendors_one: "{n} fournisseur",
		vendors_other: "{n} fournisseurs",
		documents_one: "{n} document",
		documents_other: "{n} documents",
		locations_one: "{n} emplacement",
		locations_other: "{n} emplacements",
		newProducts_one: "{n} nouveau produit",
		newProducts_other: "{n} nouveaux produits",
		corrections_one: "{n} correction de quantité",
		corrections_other: "{n} corrections de quantité",
		event_unreadable: "Stockroom n’a pas pu lire cet événement tel qu’il était en file : il a été mis de côté.",
		event_not_qbo:
			"Cet événement ne désigne aucun enregistrement QuickBooks (son identifiant n’en est pas un) : il a été mis de côté.",
		internal_error: "Stockroom a rencontré une erreur interne en appliquant ce changement.",
	},
});
