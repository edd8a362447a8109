/**
 * The embed's postMessage API. A host page (the window that frames the embed) may send
 * `{ source: 'quorum-playground', type: 'play' | 'pause' | 'reset' | 'getState' }`; anything else is
 * ignored (checked strictly: a plain object with exactly these two keys, nothing evaluated). The
 * embed tells the host `{ source: 'quorum-playground', type: 'state', nowMs, playing, leader, term,
 * canCommit }` when play/pause, the leader, its term or whether writes can commit change, and when asked.
 */
export const MESSAGE_SOURCE = 'quorum-playground';

export type HostCommand = 'play' | 'pause' | 'reset' | 'getState';
const COMMANDS: readonly string[] = ['play', 'pause', 'reset', 'getState'];

export interface EmbedState {
	source: typeof MESSAGE_SOURCE;
	type: 'state';
	nowMs: number;
	playing: boolean;
	leader: number | null;
	term: number | null;
	canCommit: boolean;
}

/** The command a host's message asks for, or null when the message is not exactly of our shape. */
export function parseHostMessage(data: unknown): HostCommand | null {
	if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
	const proto: unknown = Object.getPrototypeOf(data);
	if (proto !== Object.prototype && proto !== null) return null;
	const keys = Object.keys(data);
	if (keys.length !== 2 || !keys.includes('source') || !keys.includes('type')) return null;
	const d = data as { source: unknown; type: unknown };
	if (d.source !== MESSAGE_SOURCE || typeof d.type !== 'string' || !COMMANDS.includes(d.type)) return null;
	return d.type as HostCommand;
}
