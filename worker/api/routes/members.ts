/**
 * The company's people (owners only, worker/api/access-rules.ts): members with their role and
 * locations, and invitations by email with a single-use link (worker/auth/invites.ts). A change
 * of role or locations holds from the member's next request and closes their live feeds (4403); a
 * removed member's sessions end and their feeds close (4401). The last owner stays.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { createInvite, type Invite, listPendingInvites, revokeInvite } from "../../auth/invites";
import { locationLimit } from "../../auth/roles";
import { changeMember, findUser, listMembers, removeMember, type User } from "../../auth/users";
import { AppError } from "../../core/app-error";
import { database } from "../../db/client";
import { closeCredential } from "../live-sockets";
import { knownLocations } from "../location-ids";
import { appOrigin } from "../request-origin";
import { createRouter } from "../router";
import {
	idSchema,
	jsonBody,
	jsonResponse,
	listOf,
	locationLimitSchema,
	noQuery,
	problems,
	roleSchema,
} from "../schemas";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const memberSchema = z
	.object({
		id: z.string(),
		name: z.string().nullable(),
		email: z.string().nullable(),
		role: roleSchema,
		locationIds: locationLimitSchema,
		createdAt: z.string(),
		lastSignInAt: z.string().nullable(),
	})
	.openapi("Member");

const inviteSchema = z
	.object({
		id: z.string(),
		email: z.string(),
		role: roleSchema,
		locationIds: locationLimitSchema,
		createdAt: z.string(),
		expiresAt: z.string(),
	})
	.openapi("Invite");

const memberView = (u: User) => ({
	id: u.id,
	name: u.name,
	email: u.email,
	role: u.role,
	locationIds: u.locationIds,
	createdAt: iso(u.createdAt) ?? "",
	lastSignInAt: iso(u.lastSignInAt),
});

const inviteView = (i: Invite) => ({
	id: i.id,
	email: i.email,
	role: i.role,
	locationIds: i.locationIds,
	createdAt: iso(i.createdAt) ?? "",
	expiresAt: iso(i.expiresAt) ?? "",
});

const idParam = z.strictObject({ id: idSchema });

/** The role and locations of a request, checked together: only staff and viewers are limited, to active locations. */
async function grantOf(
	c: { env: Env; var: { caller: { companyId: string } } },
	role: User["role"],
	locationIds: string[] | null | undefined,
) {
	const limit = locationLimit(role, locationIds);
	if (locationIds) await knownLocations(database(c.env.DB), c.var.caller.companyId, locationIds);
	return { role, locationIds: limit };
}

export const memberRoutes = createRouter()
	.openapi(
		createRoute({
			method: "get",
			path: "/members",
			summary: "The company's members with their roles and locations (owners only)",
			request: noQuery,
			responses: { 200: jsonResponse(listOf(memberSchema), "Every member (one page)"), ...problems(400, 401, 403) },
		}),
		async (c) => {
			const members = await listMembers(database(c.env.DB), c.var.caller.companyId);
			return c.json({ items: members.map(memberView), nextCursor: null }, 200);
		},
	)
	.openapi(
		createRoute({
			method: "patch",
			path: "/members/{id}",
			summary: "Change a member's role and locations; at once, live feeds included (owners only)",
			request: {
				params: idParam,
				...jsonBody(z.strictObject({ role: roleSchema.optional(), locationIds: locationLimitSchema.optional() })),
			},
			responses: {
				200: jsonResponse(memberSchema, "The member as changed"),
				...problems(400, 401, 403, 404, 409, 415),
			},
		}),
		async (c) => {
			const { id } = c.req.valid("param");
			const body = c.req.valid("json");
			const db = database(c.env.DB);
			const { companyId } = c.var.caller;
			const member = await findUser(db, companyId, id);
			if (!member) throw new AppError("not_found", `No member ${id}.`);
			const role = body.role ?? member.role;
			// A new role that cannot be limited drops the limit; otherwise the limit stays unless given.
			const locationIds =
				body.locationIds !== undefined
					? body.locationIds
					: role === "staff" || role === "viewer"
						? member.locationIds
						: null;
			const changed = await changeMember(db, companyId, id, await grantOf(c, role, locationIds));
			await closeCredential(c.env, companyId, { kind: "user", id }, "changed");
			return c.json(memberView(changed), 200);
		},
	)
	.openapi(
		createRoute({
			method: "delete",
			path: "/members/{id}",
			summary: "Remove a member: their sessions end and live feeds close (owners only; never the last owner)",
			request: { ...noQuery, params: idParam },
			responses: { 204: { description: "Removed" }, ...problems(401, 403, 404, 409) },
		}),
		async (c) => {
			const { id } = c.req.valid("param");
			const { companyId } = c.var.caller;
			await removeMember(database(c.env.DB), companyId, id);
			await closeCredential(c.env, companyId, { kind: "user", id }, "revoked");
			return c.body(null, 204);
		},
	)
	.openapi(
		createRoute({
			method: "get",
			path: "/invites",
			summary: "Invitations not yet accepted, revoked or expired, newest first (owners only)",
			request: noQuery,
			responses: { 200: jsonResponse(listOf(inviteSchema), "The invitations (one page)"), ...problems(400, 401, 403) },
		}),
		async (c) => {
			const invites = await listPendingInvites(database(c.env.DB), c.var.caller.companyId);
			return c.json({ items: invites.map(inviteView), nextCursor: null }, 200);
		},
	)
	.openapi(
		createRoute({
			method: "post",
			path: "/invites",
			summary: "Invite a person by email: answers the single-use link to share with them (owners only)",
			description:
				"The link works once, for 7 days, for an Intuit account whose verified email is this one; it is in this answer only.",
			request: jsonBody(
				z.strictObject({
					email: z.email().max(254),
					role: roleSchema,
					locationIds: locationLimitSchema.optional(),
				}),
			),
			responses: {
				201: jsonResponse(inviteSchema.extend({ link: z.url() }), "The invitation and its link"),
				...problems(400, 401, 403, 415),
			},
		}),
		async (c) => {
			const body = c.req.valid("json");
			const grant = await grantOf(c, body.role, body.locationIds);
			const { invite, secret } = await createInvite(database(c.env.DB), c.var.caller.companyId, {
				email: body.email,
				...grant,
				createdBy: c.var.caller.actor.id,
			});
			return c.json({ ...inviteView(invite), link: `${appOrigin(c)}/auth/invite/${secret}` }, 201);
		},
	)
	.openapi(
		createRoute({
			method: "delete",
			path: "/invites/{id}",
			summary: "Revoke a pending invitation: its link opens nothing (owners only)",
			request: { ...noQuery, params: idParam },
			responses: { 204: { description: "Revoked" }, ...problems(401, 403, 404) },
		}),
		async (c) => {
			await revokeInvite(database(c.env.DB), c.var.caller.companyId, c.req.valid("param").id);
			return c.body(null, 204);
		},
	);
