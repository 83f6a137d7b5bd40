/**
 * Parser for QBO's query subset (docs/qbo.md#queries):
 *   SELECT * | COUNT(*) FROM Entity [WHERE a op v [AND …]] [ORDERBY f [ASC|DESC], …]
 *   [STARTPOSITION n] [MAXRESULTS n]
 * with =, <, >, <=, >=, IN (…) and LIKE '%x%'. Keywords are case-insensitive, strings are single-quoted
 * with \' escapes. OR, JOIN, GROUP BY and projections are not QBO's and fail as parse errors (4000).
 */
import { queryParseError } from "../qbo/faults.ts";

export type Literal = string | number | boolean;
export type Operator = "=" | "<" | ">" | "<=" | ">=" | "IN" | "LIKE";
export type Condition = { field: string; op: Operator; values: Literal[] };
export type Query = {
	count: boolean;
	entity: string;
	where: Condition[];
	orderBy: { field: string; desc: boolean }[];
	startPosition?: number;
	maxResults?: number;
};

type Token = { kind: "word" | "string" | "number" | "punct" | "op" | "end"; text: string; column: number };

function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	while (i < text.length) {
		const c = text.charAt(i);
		const column = i + 1;
		if (/\s/.test(c)) {
			i++;
		} else if (c === "'") {
			let value = "";
			i++;
			while (i < text.length && text.charAt(i) !== "'") {
				if (text.charAt(i) === "\\" && i + 1 < text.length) i++;
				value += text.charAt(i++);
			}
			if (i >= text.length) throw queryParseError(`Lexical error at line 1, column ${column}. Unterminated string.`);
			i++;
			tokens.push({ kind: "string", text: value, column });
		} else if (/[0-9]/.test(c) || (c === "-" && /[0-9]/.test(text.charAt(i + 1)))) {
			const match = /^-?\d+(\.\d+)?/.exec(text.slice(i))?.[0] ?? c;
			tokens.push({ kind: "number", text: match, column });
			i += match.length;
		} else if (/[A-Za-z_]/.test(c)) {
			const match = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i))?.[0] ?? c;
			tokens.push({ kind: "word", text: match, column });
			i += match.length;
		} else if ("(),*".includes(c)) {
			tokens.push({ kind: "punct", text: c, column });
			i++;
		} else if (c === "<" || c === ">" || c === "=" || c === "!") {
			const two = text.slice(i, i + 2);
			const op = two === "<=" || two === ">=" || two === "!=" || two === "<>" ? two : c;
			tokens.push({ kind: "op", text: op, column });
			i += op.length;
		} else {
			throw queryParseError(`Lexical error at line 1, column ${column}. Encountered: "${c}"`);
		}
	}
	tokens.push({ kind: "end", text: "<EOF>", column: text.length + 1 });
	return tokens;
}

class Parser {
	private index = 0;
	private readonly tokens: Token[];

	constructor(tokens: Token[]) {
		this.tokens = tokens;
	}

	peek(): Token {
		return this.tokens[this.index] ?? { kind: "end", text: "<EOF>", column: 0 };
	}

	next(): Token {
		const token = this.peek();
		this.index++;
		return token;
	}

	fail(token: Token): never {
		throw queryParseError(`Encountered " ${token.kind} "${token.text} "" at line 1, column ${token.column}.`);
	}

	isKeyword(word: string): boolean {
		const token = this.peek();
		return token.kind === "word" && token.text.toUpperCase() === word;
	}

	keyword(word: string): void {
		if (!this.isKeyword(word)) this.fail(this.peek());
		this.next();
	}

	punct(text: string): void {
		const token = this.next();
		if (token.kind !== "punct" || token.text !== text) this.fail(token);
	}

	word(): string {
		const token = this.next();
		if (token.kind !== "word") this.fail(token);
		return token.text;
	}

	literal(): Literal {
		const token = this.next();
		if (token.kind === "string") return token.text;
		if (token.kind === "number") return Number(token.text);
		if (token.kind === "word" && /^(true|false)$/i.test(token.text)) return token.text.toLowerCase() === "true";
		return this.fail(token);
	}

	integer(): number {
		const token = this.next();
		if (token.kind !== "number" || !/^\d+$/.test(token.text)) this.fail(token);
		return Number(token.text);
	}

	condition(): Condition {
		const field = this.word();
		if (this.isKeyword("IN")) {
			this.next();
			this.punct("(");
			const values = [this.literal()];
			while (this.peek().text === ",") {
				this.next();
				values.push(this.literal());
			}
			this.punct(")");
			return { field, op: "IN", values };
		}
		if (this.isKeyword("LIKE")) {
			this.next();
			const token = this.next();
			if (token.kind !== "string") this.fail(token);
			return { field, op: "LIKE", values: [token.text] };
		}
		const op = this.next();
		if (op.kind !== "op" || !["=", "<", ">", "<=", ">="].includes(op.text)) this.fail(op);
		return { field, op: op.text as Operator, values: [this.literal()] };
	}

	query(): Query {
		this.keyword("SELECT");
		let count = false;
		if (this.isKeyword("COUNT")) {
			this.next();
			this.punct("(");
			this.punct("*");
			this.punct(")");
			count = true;
		} else {
			this.punct("*");
		}
		this.keyword("FROM");
		const query: Query = { count, entity: this.word(), where: [], orderBy: [] };
		if (this.isKeyword("WHERE")) {
			this.next();
			query.where.push(this.condition());
			while (this.isKeyword("AND")) {
				this.next();
				query.where.push(this.condition());
			}
		}
		while (this.peek().kind !== "end") {
			if (this.isKeyword("ORDERBY") || this.isKeyword("ORDER")) {
				if (this.next().text.toUpperCase() === "ORDER") this.keyword("BY");
				do {
					if (this.peek().text === ",") this.next();
					const field = this.word();
					let desc = false;
					if (this.isKeyword("DESC") || this.isKeyword("ASC")) desc = this.next().text.toUpperCase() === "DESC";
					query.orderBy.push({ field, desc });
				} while (this.peek().text === ",");
			} else if (this.isKeyword("STARTPOSITION")) {
				this.next();
				query.startPosition = this.integer();
			} else if (this.isKeyword("MAXRESULTS")) {
				this.next();
				query.maxResults = this.integer();
			} else {
				this.fail(this.peek());
			}
		}
		return query;
	}
}

/** Parses a query statement, or throws Fault 4000 (Error parsing query). */
export function parseQuery(text: string): Query {
	return new Parser(tokenize(text.trim().replace(/;$/, ""))).query();
}
