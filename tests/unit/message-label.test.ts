/**
 * The picture's message labels: a message's kind in words and its term, but none for the messages
 * raft sends without one (a proposal or a ReadIndex a follower forwards: term 0), where "prop t0"
 * read as a term 0 in a cluster at term 1.
 */
import { describe, expect, it } from 'vitest';
import { messageLabel } from '../../src/lib/ui/playground/sceneText';

const msg = (type: string, term: number, extra: Partial<{ entries: number; index: number; reject: boolean }> = {}) => ({ type, term, entries: 0, index: 0, reject: false, dropped: false, ...extra }) as Parameters<typeof messageLabel>[0];

describe('messageLabel', () => {
	it('names every kind raft sends, with its term where it has one', () => {
		expect(messageLabel(msg('prop', 0))).toBe('Proposal');
		expect(messageLabel(msg('readIndex', 0))).toBe('ReadIndex');
		expect(messageLabel(msg('readIndexResp', 2))).toBe('ReadIndex t2 ok');
		expect(messageLabel(msg('vote', 3))).toBe('Vote t3');
		expect(messageLabel(msg('voteResp', 3, { reject: true }))).toBe('Vote t3 rejected');
		expect(messageLabel(msg('app', 2, { entries: 2, index: 6 }))).toBe('Append t2 [idx 7-8]');
		expect(messageLabel(msg('heartbeat', 2))).toBe('Heartbeat');
		for (const type of ['app', 'appResp', 'heartbeat', 'heartbeatResp', 'vote', 'voteResp', 'preVote', 'preVoteResp', 'prop', 'readIndex', 'readIndexResp', 'snap', 'timeoutNow'])
			expect(messageLabel(msg(type, 1)), type).not.toMatch(new RegExp(`^${type}\\b`));
	});
});
