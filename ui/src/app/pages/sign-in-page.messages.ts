/** The texts of the sign-in page (sign-in-page.ts), in English and French. */
import { defineMessages } from "../../i18n/messages";

export const signInPageMessages = defineMessages({
	en: {
		title: "Sign in to Stockroom",
		lead: "Stock per location for your QuickBooks Online company: on hand, reserved and available, with every movement.",
		signIn: "Sign in with Intuit",
		hint: "Use the Intuit account of your QuickBooks company. The person who connects QuickBooks becomes the owner; others join when an owner invites them.",
		signInInvited: "Invited by your company? Sign in with your Intuit account",
		failed: "Sign-in did not succeed: {reason}",
		access_denied: "you declined the request at Intuit.",
		expired: "the sign-in took too long; try again.",
		wrong_browser: "it was finished in another browser than the one it started in; start again here.",
		email_not_verified: "your Intuit account’s email address is not verified yet.",
		realm_not_confirmed:
			"Intuit did not confirm a QuickBooks company for you; sign in again and allow access to your company.",
		invalid_request: "Intuit’s answer was incomplete; try again.",
		intuit_refused: "Intuit refused the sign-in; try again.",
		invalid_id_token: "Intuit’s proof of who you are could not be checked; try again.",
		userinfo_failed: "Intuit did not tell us who you are; try again.",
		not_invited:
			"your Intuit account is not a member of any company in Stockroom. Ask an owner of your company to invite you, then open the link they send.",
		invite_invalid:
			"this invitation can no longer be used: it was used already, revoked or has expired. Ask the owner who sent it for a new one.",
		invite_email_mismatch:
			"the invitation was sent to another email address than your Intuit account’s verified one. Sign in with the Intuit account of the invited address, or ask the owner to invite this one.",
		language: "Language",
	},
	fr: {
		title: "Se connecter à Stockroom",
		lead: "Le stock par emplacement de votre entreprise QuickBooks Online : en stock, réservé et disponible, avec chaque mouvement.",
		signIn: "Se connecter avec Intuit",
		hint: "Utilisez le compte Intuit de votre entreprise QuickBooks. La personne qui connecte QuickBooks en devient le propriétaire ; les autres entrent quand un propriétaire les invite.",
		signInInvited: "Invité par votre entreprise ? Connectez-vous avec votre compte Intuit",
		failed: "La connexion a échoué : {reason}",
		access_denied: "vous avez refusé la demande chez Intuit.",
		expired: "la connexion a pris trop de temps ; réessayez.",
		wrong_browser: "elle s’est terminée dans un autre navigateur que celui où elle a commencé ; recommencez ici.",
		email_not_verified: "l’adresse e-mail de votre compte Intuit n’est pas encore vérifiée.",
		realm_not_confirmed:
			"Intuit n’a confirmé aucune entreprise QuickBooks pour vous ; reconnectez-vous en autorisant l’accès à votre entreprise.",
		invalid_request: "la réponse d’Intuit était incomplète ; réessayez.",
		intuit_refused: "Intuit a refusé la connexion ; réessayez.",
		invalid_id_token: "la preuve d’identité d’Intuit n’a pas pu être vérifiée ; réessayez.",
		userinfo_failed: "Intuit ne nous a pas dit qui vous êtes ; réessayez.",
		not_invited:
			"votre compte Intuit n’est membre d’aucune entreprise dans Stockroom. Demandez à un propriétaire de votre entreprise de vous inviter, puis ouvrez le lien qu’il vous envoie.",
		invite_invalid:
			"cette invitation n’est plus valable : elle a déjà servi, a été révoquée ou a expiré. Demandez-en une nouvelle au propriétaire qui l’a envoyée.",
		invite_email_mismatch:
			"l’invitation a été envoyée à une autre adresse que l’e-mail vérifié de votre compte Intuit. Connectez-vous avec le compte Intuit de l’adresse invitée, ou demandez au propriétaire d’inviter celle-ci.",
		language: "Langue",
	},
});
