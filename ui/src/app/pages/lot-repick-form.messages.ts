/** The texts of the "change lots" form of stock that left (lot-repick-form.ts), in English and French. */
import { defineMessages } from "../../i18n/messages";

export const lotRepickFormMessages = defineMessages({
	en: {
		loading: "Loading its lots…",
		took: "{quantity} left {location} under this.",
		tookFrom: "Taken from: {lots}.",
		fromUnassigned: "{quantity} not assigned to a lot",
		nothingTaken: "It took nothing from the lots.",
		notRepickable: "These lots cannot be changed: nothing left here under it any more.",
		lotsLegend: "The lots it took",
		serialsLegend: "The serial numbers it took",
		lotsHelp:
			"Say which lots the goods really came from: the lots named take the stock, the others get back what they gave. Quantities add up to {quantity} at most; the rest comes from the unassigned stock. Totals do not change.",
		serialsHelp:
			"Say which serial numbers really left, {quantity} at most: the others come back into stock here. Totals do not change.",
		lotHolds: "holds {quantity} here",
		lotNotHere: "no stock of this lot here",
		lotTaken: "took {quantity}",
		inLots: "{inLots} of {total} from lots; {rest} from the unassigned stock.",
		allInLots: "All {total} from lots.",
		over: "The lots add up to more than the {total} that left.",
		noLots: "Name at least one lot.",
		reason: "Reason (optional)",
		submit: "Save lots",
		close: "Close",
		saving: "Saving…",
		saved: "Saved: the lots it took are changed; on hand is the same.",
	},
	fr: {
		loading: "Chargement de ses lots…",
		took: "Sortie de {location} à ce titre : {quantity}.",
		tookFrom: "Pris dans : {lots}.",
		fromUnassigned: "{quantity} hors lot",
		nothingTaken: "Rien n’a été pris dans les lots.",
		notRepickable: "Ces lots ne peuvent pas être changés : plus rien n’est sorti ici à ce titre.",
		lotsLegend: "Les lots pris",
		serialsLegend: "Les numéros de série pris",
		lotsHelp:
			"Indiquez de quels lots la marchandise est vraiment sortie : les lots nommés fournissent le stock, les autres récupèrent ce qu’ils ont donné. Les quantités font {quantity} au plus ; le reste vient du stock non affecté. Les totaux ne changent pas.",
		serialsHelp:
			"Indiquez quels numéros de série sont vraiment sortis, {quantity} au plus : les autres reviennent en stock ici. Les totaux ne changent pas.",
		lotHolds: "contient {quantity} ici",
		lotNotHere: "aucun stock de ce lot ici",
		lotTaken: "en a pris {quantity}",
		inLots: "{inLots} sur {total} pris dans des lots ; {rest} dans le stock non affecté.",
		allInLots: "Les {total} pris dans des lots.",
		over: "Les lots font plus que les {total} sortis.",
		noLots: "Nommez au moins un lot.",
		reason: "Motif (facultatif)",
		submit: "Enregistrer les lots",
		close: "Fermer",
		saving: "Enregistrement…",
		saved: "Enregistré : les lots pris sont changés ; la quantité en stock reste la même.",
	},
});
