/** The texts of the header's search box (header-search.ts), in English and French. */
import { defineMessages } from "../i18n/messages";

export const headerSearchMessages = defineMessages({
	en: {
		search: "Search",
		landmark: "Search everything",
		// Short enough for the box: the hint says the rest.
		placeholder: "Search (press /)",
		hint: "SKU, barcode, name, order or purchase number, customer, vendor",
		open: "Open search",
		results: "Search results",
		product: "Products",
		order: "Orders",
		purchase: "Purchases",
		customer: "Customers",
		vendor: "Vendors",
		none: "Nothing found for “{q}”.",
		searching: "Searching…",
		count_one: "{n} result: arrows to choose, Enter to open.",
		count_other: "{n} results: arrows to choose, Enter to open.",
		failed: "The search failed: {message}",
	},
	fr: {
		search: "Rechercher",
		landmark: "Recherche générale",
		placeholder: "Rechercher (touche /)",
		hint: "Référence, code-barres, nom, numéro de commande ou d’achat, client, fournisseur",
		open: "Ouvrir la recherche",
		results: "Résultats de la recherche",
		product: "Produits",
		order: "Commandes",
		purchase: "Achats",
		customer: "Clients",
		vendor: "Fournisseurs",
		none: "Aucun résultat pour « {q} ».",
		searching: "Recherche…",
		count_one: "{n} résultat : flèches pour choisir, Entrée pour ouvrir.",
		count_other: "{n} résultats : flèches pour choisir, Entrée pour ouvrir.",
		failed: "La recherche a échoué : {message}",
	},
});
