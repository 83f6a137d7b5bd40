/**
 * Words about roles and location limits that several pages say the same way (the header, members,
 * invitations, tokens): each role's name and what it may do, and how a limit reads. English and French.
 */
import { defineMessages } from "../i18n/messages";

export const roleMessages = defineMessages({
	en: {
		viewer: "Viewer",
		staff: "Staff",
		manager: "Manager",
		owner: "Owner",
		viewerHelp: "Sees stock, orders and purchases; changes nothing.",
		staffHelp:
			"Also adjusts, counts and transfers stock, edits reorder points, receives purchases and makes delivery notes.",
		managerHelp: "Also purchases, builds, locations, settings, QuickBooks sync and the audit trail, at every location.",
		ownerHelp: "Also members, tokens and the QuickBooks connection.",
		role: "Role",
		locations: "Locations",
		locationsHelp: "Staff and viewers can be limited to some locations. None ticked: every location.",
		allLocations: "All locations",
		unknownLocation: "Unknown location",
	},
	fr: {
		viewer: "Lecteur",
		staff: "Équipe",
		manager: "Responsable",
		owner: "Propriétaire",
		viewerHelp: "Voit le stock, les commandes et les achats ; ne modifie rien.",
		staffHelp:
			"Ajuste, inventorie et transfère aussi le stock, modifie les seuils de réappro., réceptionne les achats et fait les bons de livraison.",
		managerHelp:
			"Aussi les achats, assemblages, emplacements, paramètres, la synchronisation QuickBooks et le journal d’audit, sur tous les emplacements.",
		ownerHelp: "Aussi les membres, les jetons et la connexion à QuickBooks.",
		role: "Rôle",
		locations: "Emplacements",
		locationsHelp:
			"L’équipe et les lecteurs peuvent être limités à certains emplacements. Aucun coché : tous les emplacements.",
		allLocations: "Tous les emplacements",
		unknownLocation: "Emplacement inconnu",
	},
});
