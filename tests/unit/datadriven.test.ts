/**
 * Datadriven raft tests, after etcd-io/raft's testdata/*.txt: each file under
 * tests/unit/datadriven/ is a readable script of commands (add-nodes, tick-election,
 * process-ready, deliver-msgs, stabilize, propose, crash, restart, ...), each followed by `----`
 * and the output it must print: the Readies taken (what to persist, send and apply), the messages
 * delivered and the lifecycle transitions the machine took. A blank line ends an output.
 *
 * To regenerate the expected outputs after a deliberate change, run with REWRITE=1 and read the diff:
 *
 *     REWRITE=1 npx vitest run --config tests/vitest.config.ts tests/unit/datadriven.test.ts
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InteractionEnv, type Command } from './datadriven/env';

const dir = fileURLToPath(new URL('./datadriven/', import.meta.url));
const rewrite = process.env.REWRITE === '1';

interface Block {
	/** comment and blank lines before the command, kept as they are */
	lead: string[];
	line: number;
	command: string;
	expected: string;
}

export function parseScript(text: string): { blocks: Block[]; tail: string[] } {
	const lines = text.split('\n');
	const blocks: Block[] = [];
	let lead: string[] = [];
	for (let i = 0; i < lines.length; i++) {
		const l = lines[i];
		if (l.trim() === '' || l.startsWith('#')) {
			lead.push(l);
			continue;
		}
		if (lines[i + 1] !== '----') throw new Error(`line ${i + 1}: command "${l}" must be followed by a ---- line`);
		const out: string[] = [];
		let j = i + 2;
		for (; j < lines.length && lines[j] !== ''; j++) out.push(lines[j]);
		blocks.push({ lead, line: i + 1, command: l, expected: out.join('\n') });
		lead = [];
		i = j - 1;
	}
	return { blocks, tail: lead };
}

export function parseCommand(line: string): Command {
	const [name, ...rest] = line.trim().split(/\s+/);
	const args: string[] = [];
	const opts: Record<string, string> = {};
	for (const r of rest) {
		const eq = r.indexOf('=');
		if (eq > 0) opts[r.slice(0, eq)] = r.slice(eq + 1);
		else args.push(r);
	}
	return { name, args, opts };
}

function render(blocks: Block[], tail: string[], outputs: string[]): string {
	const out: string[] = [];
	// the blank line that ends an output is the next block's first lead line (or the tail's)
	blocks.forEach((b, i) => out.push(...b.lead, b.command, '----', outputs[i]));
	return [...out, ...tail].join('\n').replace(/\n*$/, '\n');
}

const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();

describe('datadriven raft scripts', () => {
	it('finds scripts', () => expect(files.length).toBeGreaterThan(0));

	for (const f of files) {
		it(f, () => {
			const text = readFileSync(dir + f, 'utf8');
			const { blocks, tail } = parseScript(text);
			const env = new InteractionEnv();
			const outputs: string[] = [];
			for (const b of blocks) {
				const got = env.run(parseCommand(b.command));
				outputs.push(got);
				if (!rewrite) expect(got, `${f}:${b.line}: ${b.command}`).toBe(b.expected);
			}
			if (rewrite) writeFileSync(dir + f, render(blocks, tail, outputs));
		});
	}

	it('the script format round-trips (what rewrite writes parses back the same)', () => {
		const text = '# a comment\nadd-nodes 1\n----\nok\n\n# more\nraft-state\n----\n1: follower\n';
		const { blocks, tail } = parseScript(text);
		expect(blocks.map((b) => [b.command, b.expected])).toEqual([['add-nodes 1', 'ok'], ['raft-state', '1: follower']]);
		expect(render(blocks, tail, blocks.map((b) => b.expected))).toBe(text);
	});
});
