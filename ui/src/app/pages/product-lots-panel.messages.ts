/** The texts of a product's lots and its lot tracking (product-lots-panel.ts), in English and French. */
import { defineMessages } from "../../i18n/messages";

export const productLotsPanelMessages = defineMessages({
	en: {
		title: "Lots",
		loading: "Loading the lots…",
		notTracked: "This product's stock is not tracked by lot.",
		empty: "No stock at any location yet.",
		lot: "Lot",
		expiry: "Expiry",
		onHand: "On hand",
		locationOnHand: "— {onHand} on hand",
		noExpiry: "No expiry",
		expired: "Expired",
		expiresToday: "Expires today",
		expiresTomorrow: "Expires tomorrow",
		expiresIn: "Expires in {days} days",
		unassigned: "Unassigned",
		unassignedShort: "Not yet assigned to a lot",
		unassignedHelp:
			"Unassigned: stock not yet assigned to a lot — what arrived without one (a QuickBooks bill or adjustment, an adjustment without lots, the stock from before lot tracking). Removals take it only after the lots.",
		tracking: "Lot tracking",
		trackByLot: "Track this product's stock by lot",
		requireExpiry: "Require an expiry date on new lots",
		trackingHelpOn:
			"The stock already here stays as it is, unassigned, until adjustments put stock into lots; nothing changes in QuickBooks.",
		trackingHelpOff: "Tracking can be turned off only while no lot holds stock.",
		save: "Save",
		saving: "Saving…",
		savedLot: "Saved: tracked by lot.",
		savedLotExpiry: "Saved: tracked by lot, new lots need an expiry.",
		savedNone: "Saved: not tracked by lot.",
		stillHeld:
			"Lot tracking stays on: lots still hold stock. Take the stock out of its lots first (an adjustment or a transfer naming them), then turn tracking off.",
	},
	fr: {
		title: "Lots",
		loading: "Chargement des lots…",
		notTracked: "Le stock de ce produit n’est pas suivi par lot.",
		empty: "Encore aucun stock à aucun emplacement.",
		lot: "Lot",
		expiry: "Péremption",
		onHand: "Réel",
		locationOnHand: "— stock réel {onHand}",
		noExpiry: "Sans péremption",
		expired: "Périmé",
		expiresToday: "Périme aujourd’hui",
		expiresTomorrow: "Périme demain",
		expiresIn: "Périme dans {days} jours",
		unassigned: "Non affecté",
		unassignedShort: "Pas encore affecté à un lot",
		unassignedHelp:
			"Non affecté : du stock pas encore affecté à un lot — ce qui est arrivé sans lot (une facture fournisseur ou un ajustement QuickBooks, un ajustement sans lots, le stock d’avant le suivi par lot). Les retraits ne le prennent qu’après les lots.",
		tracking: "Suivi par lot",
		trackByLot: "Suivre le stock de ce produit par lot",
		requireExpiry: "Exiger une date de péremption pour les nouveaux lots",
		trackingHelpOn:
			"Le stock déjà présent reste tel quel, non affecté, jusqu’à ce que des ajustements le mettent dans des lots ; rien ne change dans QuickBooks.",
		trackingHelpOff: "Le suivi ne peut être désactivé que si aucun lot ne contient de stock.",
		save: "Enregistrer",
		saving: "Enregistrement…",
		savedLot: "Enregistré : suivi par lot.",
		savedLotExpiry: "Enregistré : suivi par lot, les nouveaux lots exigent une péremption.",
		savedNone: "Enregistré : plus de suivi par lot.",
		stillHeld:
			"Le suivi par lot reste actif : des lots contiennent encore du stock. Sortez d’abord le stock de ses lots (un ajustement ou un transfert qui les nomme), puis désactivez le suivi.",
	},
});
