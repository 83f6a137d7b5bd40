/**
 * Words about orders that several pages say the same way (the list, an order's page, a delivery
 * note): statuses, QuickBooks document types and states, and what each flag means. English and French.
 */
import { defineMessages } from "../i18n/messages";

export const orderMessages = defineMessages({
	en: {
		open: "Open",
		partially_delivered: "Partially delivered",
		delivered: "Delivered",
		cancelled: "Cancelled",
		invoice: "Invoice",
		sales_receipt: "Sales receipt",
		estimate: "Estimate",
		document: "{type} {number}",
		overDelivered:
			"Over-delivered: {quantity} more of {product} delivered than the order now asks for. Check whether the customer returns them.",
		voidedAfterDelivery:
			"{document} was voided in QuickBooks after a delivery: the goods delivered have left the stock and stay out. Check whether they came back, then record the return.",
		deletedAfterDelivery:
			"{document} was deleted in QuickBooks after a delivery: the goods delivered have left the stock and stay out. Check whether they came back, then record the return.",
		closedAfterDelivery:
			"{document} was closed in QuickBooks after a delivery, without an invoice: the goods delivered have left the stock and stay out. Check whether it should be invoiced.",
		backordered: "Backordered",
		backorderedHelp: "The location’s stock cannot serve every line yet.",
		flagged: "Needs attention",
		deliveryActive: "Active",
		deliveryCancelled: "Cancelled",
	},
	fr: {
		open: "Ouverte",
		partially_delivered: "Livrée en partie",
		delivered: "Livrée",
		cancelled: "Annulée",
		invoice: "Facture",
		sales_receipt: "Reçu de vente",
		estimate: "Devis",
		document: "{type} {number}",
		overDelivered:
			"Livré en trop : {quantity} de {product} de plus que ce que la commande demande maintenant. Vérifiez si le client les retourne.",
		voidedAfterDelivery:
			"{document} a été annulé{e} dans QuickBooks après une livraison : la marchandise livrée est sortie du stock et n’y revient pas. Vérifiez si elle a été rapportée, puis enregistrez le retour.",
		deletedAfterDelivery:
			"{document} a été supprimé{e} dans QuickBooks après une livraison : la marchandise livrée est sortie du stock et n’y revient pas. Vérifiez si elle a été rapportée, puis enregistrez le retour.",
		closedAfterDelivery:
			"{document} a été clôturé{e} dans QuickBooks après une livraison, sans facture : la marchandise livrée est sortie du stock et n’y revient pas. Vérifiez s’il faut la facturer.",
		backordered: "En rupture",
		backorderedHelp: "Le stock de l’emplacement ne peut pas encore servir toutes les lignes.",
		flagged: "À vérifier",
		deliveryActive: "Actif",
		deliveryCancelled: "Annulé",
	},
});
