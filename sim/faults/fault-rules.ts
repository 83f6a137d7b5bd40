/**
 * Injected faults, scripted through the admin API. A rule fires on every matching occasion, or with a
 * probability, or on the next N occasions (both: with a probability, at most N times). Decisions come
 * from the simulator's seeded generator, so a seed and the same traffic give the same faults.
 *
 * API kinds act on requests: throttle (429 + Retry-After), fail (500), refuse (400: a business
 * validation fault, which a client must not retry as it is), delay, timeout (hang, then 504),
 * lost_response (served — a write is done — but the answer never arrives: 504; the case QBO's
 * `?requestid=` exists for, docs/qbo.md#idempotent-writes: a retry with the same id gets the original answer).
 * Notification kinds act on webhook events: drop, duplicate (delivered again later, same event id),
 * reorder (held back and delivered after later events).
 */
import type { Random } from "../lib/random.ts";

export const API_FAULTS = ["throttle", "fail", "refuse", "delay", "timeout", "lost_response"] as const;
export const NOTIFICATION_FAULTS = ["drop", "duplicate", "reorder"] as const;
export type FaultKind = (typeof API_FAULTS)[number] | (typeof NOTIFICATION_FAULTS)[number];

export type FaultRuleInput = {
	kind: FaultKind;
	probability?: number;
	count?: number;
	/** Only this company. */
	realmId?: string;
	/** Only requests whose path contains this text (e.g. "/query", "/invoice"). */
	match?: string;
	/** API faults: the QBO API (default) or the OAuth token endpoint. */
	target?: "api" | "oauth";
	/** delay / timeout duration. */
	ms?: number;
	/** throttle: the Retry-After header, seconds. */
	retryAfterSeconds?: number;
	/** fail: the HTTP status (default 500). */
	status?: number;
};

export type FaultRule = FaultRuleInput & { id: string; fired: number; remaining?: number };

export type Occasion = { realmId?: string; path?: string; target?: "api" | "oauth" };

export class FaultRules {
	private rules: FaultRule[] = [];
	private nextId = 1;
	private readonly random: Random;

	constructor(random: Random) {
		this.random = random;
	}

	add(input: FaultRuleInput): FaultRule {
		const rule: FaultRule = { ...input, id: String(this.nextId++), fired: 0, remaining: input.count };
		this.rules.push(rule);
		return rule;
	}

	list(): FaultRule[] {
		return this.rules.map((rule) => ({ ...rule }));
	}

	remove(id: string): boolean {
		const before = this.rules.length;
		this.rules = this.rules.filter((rule) => rule.id !== id);
		return this.rules.length < before;
	}

	clear(): void {
		this.rules = [];
	}

	private applies(rule: FaultRule, occasion: Occasion): boolean {
		if (rule.realmId !== undefined && rule.realmId !== occasion.realmId) return false;
		if (rule.match !== undefined && !(occasion.path ?? "").includes(rule.match)) return false;
		if (occasion.target !== undefined && (rule.target ?? "api") !== occasion.target) return false;
		return rule.remaining === undefined || rule.remaining > 0;
	}

	/** The rules of these kinds that fire on this occasion, in the order they were added. */
	fire(kinds: readonly FaultKind[], occasion: Occasion): FaultRule[] {
		const fired: FaultRule[] = [];
		for (const rule of this.rules) {
			if (!kinds.includes(rule.kind) || !this.applies(rule, occasion)) continue;
			if (rule.probability !== undefined && this.random.next() >= rule.probability) continue;
			if (rule.remaining !== undefined) rule.remaining--;
			rule.fired++;
			fired.push(rule);
		}
		return fired;
	}
}
