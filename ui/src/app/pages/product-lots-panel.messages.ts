/** The texts of a product's lots or serial numbers and its tracking (product-lots-panel.ts), in English and French. */
import { defineMessages } from "../../i18n/messages";

export const productLotsPanelMessages = defineMessages({
	en: {
		title: "Lots",
		loading: "Loading the lots…",
		notTracked: "This product's stock is not tracked by lot or serial number.",
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
		tracking: "Tracking by lot or serial number",
		trackNone: "Not tracked",
		trackByLot: "By lot",
		trackBySerial: "By serial number",
		trackingHelpSerial:
			"Each unit has its serial number, in stock once in the whole company. Lots of one unit become serial numbers; the stock in no lot stays unassigned. Refused while a lot holds more than one unit.",
		serialsTitle: "Serial numbers",
		serialsInStock: "{count} serial number(s) in stock.",
		serial: "Serial number",
		serialLot: "Lot",
		location: "Location",
		moreSerials: "The first {shown} of {count} are listed here; all of them on the",
		lotsPage: "Lots page",
		unassignedAt: "{location}: {quantity} without a serial number (unassigned)",
		unassignedSerialsHelp:
			"Units without a serial number arrived without one (a QuickBooks bill or adjustment, an adjustment naming none, the stock from before). Removals take them only after the serial numbers.",
		savedSerial: "Saved: tracked by serial number.",
		savedSerialExpiry: "Saved: tracked by serial number, new serials need an expiry.",
		notSerial:
			"Not switched to serial numbers: a lot holds more than one unit. Take its units out, or move them into lots of one unit each, first.",
		stillHeldSerials:
			"Serial tracking stays on: serial numbers are still in stock. Take them out first (an adjustment naming them), then turn tracking off.",
		requireExpiry: "Require an expiry date on new lots",
		trackingHelpOn:
			"The stock already here stays as it is, unassigned, until adjustments put stock into lots; nothing changes in QuickBooks.",
		trackingHelpOff: "Tracking can be turned off only while no lot holds stock.",
		save: "Save",
		saving: "Saving…",
		savedLot: "Saved: tracked by lot.",
		savedLotExpiry: "Saved: tracked by lot, new lots need an expiry.",
		savedNone: "Saved: not tracked.",
		stillHeld:
			"Lot tracking stays on: lots still hold stock. Take the stock out of its lots first (an adjustment or a transfer naming them), then turn tracking off.",
	},
	fr: {
		title: "Lots",
		loading: "Chargement des lots…",
		notTracked: "Le stock de ce produit n’est suivi ni par lot ni par numéro de série.",
		empty: "Encore aucun stock à aucun emplacement.",
		lot: "Lot",
		expiry: "Péremption",
		onHand: "En stock",
		locationOnHand: "— en stock {onHand}",
		noExpiry: "Sans péremption",
		expired: "Périmé",
		expiresToday: "Périme aujourd’hui",
		expiresTomorrow: "Périme demain",
		expiresIn: "Périme dans {days} jours",
		unassigned: "Non affecté",
		unassignedShort: "Pas encore affecté à un lot",
		unassignedHelp:
			"Non affecté : du stock pas encore affecté à un lot — ce qui est arrivé sans lot (une facture fournisseur ou un ajustement QuickBooks, un ajustement sans lots, le stock d’avant le suivi par lot). Les retraits ne le prennent qu’après les lots.",
		tracking: "Suivi par lot ou numéro de série",
		trackNone: "Pas de suivi",
		trackByLot: "Par lot",
		trackBySerial: "Par numéro de série",
		trackingHelpSerial:
			"Chaque unité a son numéro de série, en stock une seule fois dans toute l’entreprise. Les lots d’une unité deviennent des numéros de série ; le stock hors lot reste non affecté. Refusé tant qu’un lot contient plus d’une unité.",
		serialsTitle: "Numéros de série",
		serialsInStock: "{count} numéro(s) de série en stock.",
		serial: "Numéro de série",
		serialLot: "Lot",
		location: "Emplacement",
		moreSerials: "Les {shown} premiers sur {count} sont listés ici ; tous sur la",
		lotsPage: "page Lots",
		unassignedAt: "{location} : {quantity} sans numéro de série (non affecté)",
		unassignedSerialsHelp:
			"Les unités sans numéro de série sont arrivées sans (une facture fournisseur ou un ajustement QuickBooks, un ajustement qui n’en nomme aucun, le stock d’avant). Les retraits ne les prennent qu’après les numéros de série.",
		savedSerial: "Enregistré : suivi par numéro de série.",
		savedSerialExpiry: "Enregistré : suivi par numéro de série, les nouveaux numéros exigent une péremption.",
		notSerial:
			"Pas de passage aux numéros de série : un lot contient plus d’une unité. Sortez d’abord ses unités, ou répartissez-les en lots d’une unité.",
		stillHeldSerials:
			"Le suivi par numéro de série reste actif : des numéros sont encore en stock. Sortez-les d’abord (un ajustement qui les nomme), puis désactivez le suivi.",
		requireExpiry: "Exiger une date de péremption pour les nouveaux lots",
		trackingHelpOn:
			"Le stock déjà présent reste tel quel, non affecté, jusqu’à ce que des ajustements le mettent dans des lots ; rien ne change dans QuickBooks.",
		trackingHelpOff: "Le suivi ne peut être désactivé que si aucun lot ne contient de stock.",
		save: "Enregistrer",
		saving: "Enregistrement…",
		savedLot: "Enregistré : suivi par lot.",
		savedLotExpiry: "Enregistré : suivi par lot, les nouveaux lots exigent une péremption.",
		savedNone: "Enregistré : plus de suivi.",
		stillHeld:
			"Le suivi par lot reste actif : des lots contiennent encore du stock. Sortez d’abord le stock de ses lots (un ajustement ou un transfert qui les nomme), puis désactivez le suivi.",
	},
});
