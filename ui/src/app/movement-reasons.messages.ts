/** The ledger's reasons Stockroom writes itself (movement-reasons.ts), in English and French. */
import { defineMessages } from "../i18n/messages";

export const movementReasonMessages = defineMessages({
	en: {
		qbo_document_voided: "voided in QuickBooks",
		qbo_document_deleted: "deleted in QuickBooks",
		opening_stock_quickbooks: "opening stock from QuickBooks",
		opening_stock_demo: "opening stock",
		order_line: "order {order} ({status})",
		order_delivery: "{note} (order {order})",
		order_delivery_cancelled: "{note} (order {order}), cancelled",
		refused_undone: "{number} refused, undone",
		merged_in_quickbooks: "{purchase}: {from} merged into {to} in QuickBooks",
	},
	fr: {
		qbo_document_voided: "annulé{e} dans QuickBooks",
		qbo_document_deleted: "supprimé{e} dans QuickBooks",
		opening_stock_quickbooks: "stock d’ouverture repris de QuickBooks",
		opening_stock_demo: "stock d’ouverture",
		order_line: "commande {order} ({status})",
		order_delivery: "{note} (commande {order})",
		order_delivery_cancelled: "{note} (commande {order}), annulé",
		refused_undone: "{number} refusé, annulé",
		merged_in_quickbooks: "{purchase} : {from} fusionné avec {to} dans QuickBooks",
	},
});
