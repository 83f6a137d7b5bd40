/** The texts of the settings page (settings-page.ts), in English and French. */
import { defineMessages } from "../../i18n/messages";

export const settingsPageMessages = defineMessages({
	en: {
		title: "Settings",
		loading: "Loading settings…",
		managersOnly: "Only the company’s managers and owners can change these settings.",
		orderMode: "When an invoice is saved in QuickBooks",
		ship_on_invoice: "Ship on invoice",
		ship_on_invoiceHelp: "The invoice takes its goods out of on hand at once.",
		reserve_until_delivery: "Reserve until delivery",
		reserve_until_deliveryHelp:
			"The invoice reserves its goods; a delivery note in Stockroom takes them out when they leave.",
		estimates: "Estimates create orders",
		estimatesHelp: "An estimate reserves its goods until it is converted, rejected or closed.",
		defaultLocation: "Default location",
		defaultLocationHelp: "Where documents without a location (class or department) take and put stock.",
		noDefault: "None",
		stockSync: "Send stock changes to QuickBooks",
		stockSyncHelp: "Adjustments, counts and receipts made in Stockroom update the quantity on hand in QuickBooks.",
		stockSyncUnavailable: "Not available: {note}",
		purchasesToQbo: "Create purchase orders and bills in QuickBooks",
		purchasesToQboHelp:
			"Ordering a purchase creates its purchase order in QuickBooks, and each receipt a bill (which updates QuickBooks’ quantity on hand itself).",
		expiry: "Expiry",
		negativeStockAllowed: "Allow stock below zero when confirmed",
		negativeStockAllowedHelp:
			"On: an adjustment, transfer or delivery that would take available stock below zero asks “Go below zero anyway?” and goes through when confirmed. Off: it is refused. QuickBooks documents are never refused.",
		expiredNotAvailable: "Expired stock is not available",
		expiredNotAvailableHelp:
			"Stock in lots past their expiry date stays on hand but is left out of available, in the grid and on product pages, until it is written off.",
		expiringWithinDays: "Expiring within (days)",
		expiringWithinDaysHelp:
			"Lots whose expiry is from today to this many days ahead are marked as expiring; the grid can show only those.",
		expiringDaysInvalid: "Enter a whole number of days from 0 to 3650.",
		save: "Save settings",
		saving: "Saving…",
		saved: "Settings saved.",
		conflict: "Someone changed the settings meanwhile; the form now shows theirs. Make your change again.",
	},
	fr: {
		title: "Paramètres",
		loading: "Chargement des paramètres…",
		managersOnly: "Seuls les responsables et propriétaires de l’entreprise peuvent modifier ces paramètres.",
		orderMode: "Quand une facture est enregistrée dans QuickBooks",
		ship_on_invoice: "Expédier à la facturation",
		ship_on_invoiceHelp: "La facture retire aussitôt ses articles de la quantité en stock.",
		reserve_until_delivery: "Réserver jusqu’à la livraison",
		reserve_until_deliveryHelp:
			"La facture réserve ses articles ; un bon de livraison dans Stockroom les sort quand ils partent.",
		estimates: "Les devis créent des commandes",
		estimatesHelp: "Un devis réserve ses articles jusqu’à sa conversion, son refus ou sa clôture.",
		defaultLocation: "Emplacement par défaut",
		defaultLocationHelp: "Là où les documents sans emplacement (classe ou service) prennent et déposent le stock.",
		noDefault: "Aucun",
		stockSync: "Envoyer les mouvements de stock à QuickBooks",
		stockSyncHelp:
			"Les ajustements, inventaires et réceptions faits dans Stockroom mettent à jour la quantité en stock dans QuickBooks.",
		stockSyncUnavailable: "Indisponible : {note}",
		purchasesToQbo: "Créer les bons de commande et les factures fournisseur dans QuickBooks",
		purchasesToQboHelp:
			"Commander un achat crée son bon de commande dans QuickBooks, et chaque réception une facture fournisseur (qui met elle-même à jour la quantité en stock de QuickBooks).",
		expiry: "Péremption",
		negativeStockAllowed: "Autoriser le stock sous zéro après confirmation",
		negativeStockAllowedHelp:
			"Activé : un ajustement, un transfert ou une livraison qui ferait passer le disponible sous zéro demande « Passer sous zéro quand même ? » et est enregistré une fois confirmé. Désactivé : il est refusé. Les documents QuickBooks ne sont jamais refusés.",
		expiredNotAvailable: "Le stock périmé n’est pas disponible",
		expiredNotAvailableHelp:
			"Le stock des lots dont la date de péremption est passée reste en stock mais n’est plus compté comme disponible, dans la grille et sur les fiches produit, jusqu’à sa mise au rebut.",
		expiringWithinDays: "Péremption proche (jours)",
		expiringWithinDaysHelp:
			"Les lots qui périment entre aujourd’hui et ce nombre de jours sont signalés comme proches de la péremption ; la grille peut n’afficher qu’eux.",
		expiringDaysInvalid: "Saisissez un nombre entier de jours de 0 à 3650.",
		save: "Enregistrer les paramètres",
		saving: "Enregistrement…",
		saved: "Paramètres enregistrés.",
		conflict:
			"Quelqu’un a modifié les paramètres entre-temps ; le formulaire affiche maintenant les siens. Refaites votre modification.",
	},
});
