/** Bodies of the admin API, validated with zod at the edge. */
import { z } from "zod";
import { MERGEABLE } from "../company/merge.ts";
import { API_FAULTS, NOTIFICATION_FAULTS } from "../faults/fault-rules.ts";

export const companySchema = z.strictObject({
	realmId: z
		.string()
		.regex(/^\d{1,20}$/)
		.optional(),
	companyName: z.string().min(1).max(100).optional(),
	items: z.number().int().min(0).max(100_000).optional(),
	services: z.number().int().min(0).max(100).optional(),
	nonInventory: z.number().int().min(0).max(100).optional(),
	bundles: z.number().int().min(0).max(100).optional(),
	customers: z.number().int().min(0).max(10_000).optional(),
	vendors: z.number().int().min(0).max(10_000).optional(),
	departments: z.array(z.string().min(1).max(100)).max(100).optional(),
	trackInventory: z.boolean().optional(),
	trackDepartments: z.boolean().optional(),
	homeCurrency: z
		.string()
		.regex(/^[A-Z]{3}$/)
		.optional(),
	offsetMinutes: z.number().int().min(-720).max(840).optional(),
});

/** Entities the company's CDC answers leave out though asked. */
export const cdcSchema = z.strictObject({ leaveOut: z.array(z.string().min(1)) });

export const webhookSchema = z.strictObject({
	url: z.url(),
	verifier: z.string().min(1),
	format: z.enum(["cloudevents", "legacy"]).optional(),
	batchWindowMs: z.number().int().min(0).max(600_000).optional(),
	maxEventsPerDelivery: z.number().int().min(1).max(1000).optional(),
	contentType: z.string().min(1).optional(),
	deliveryTimeoutMs: z.number().int().min(1).max(600_000).optional(),
	reorderHoldMs: z.number().int().min(0).max(600_000).optional(),
});

export const faultSchema = z.strictObject({
	kind: z.enum([...API_FAULTS, ...NOTIFICATION_FAULTS]),
	probability: z.number().min(0).max(1).optional(),
	count: z.number().int().min(1).optional(),
	realmId: z.string().optional(),
	match: z.string().optional(),
	target: z.enum(["api", "oauth"]).optional(),
	ms: z.number().int().min(0).max(600_000).optional(),
	retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
	status: z.number().int().min(500).max(599).optional(),
});

export const settingsSchema = z.strictObject({
	seed: z.union([z.string(), z.number()]).optional(),
	timeScale: z.number().positive().max(1000).optional(),
	accessTokenTtlSeconds: z.number().int().min(1).optional(),
	refreshTokenTtlSeconds: z.number().int().min(1).optional(),
	codeTtlSeconds: z.number().int().min(1).optional(),
	limits: z
		.strictObject({
			enabled: z.boolean().optional(),
			perSecond: z.number().int().min(1).optional(),
			perMinute: z.number().int().min(1).optional(),
			concurrent: z.number().int().min(1).optional(),
		})
		.optional(),
});

export const mergeSchema = z.strictObject({
	entity: z.enum(MERGEABLE),
	fromId: z.string().min(1),
	toId: z.string().min(1),
});

export const tokenSchema = z.strictObject({ clientId: z.string().min(1).optional(), scope: z.string().optional() });

export const resetSchema = z.strictObject({ seed: z.union([z.string(), z.number()]).optional() });

/** Who is signed in at "Intuit" for a company (a new sub is made when none is given). */
export const signedInUserSchema = z.strictObject({
	sub: z.string().min(1).max(128).optional(),
	email: z.email(),
	emailVerified: z.boolean().default(true),
	givenName: z.string().min(1).max(100),
	familyName: z.string().min(1).max(100),
});

/** An entity stored as given (`PUT /companies/:realmId/entities/:entity/:id`): any JSON object. */
export const rawEntitySchema = z.record(z.string(), z.json());
