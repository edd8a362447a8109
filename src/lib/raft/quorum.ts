/** Quorum arithmetic, as the course's slide states it: quorum = floor(n/2) + 1. */

export function quorumSize(members: number): number {
	return Math.floor(members / 2) + 1;
}

export function toleratedFailures(members: number): number {
	return members - quorumSize(members);
}

/**
 * The highest index stored on a quorum: the quorum-th largest of the members' match indexes.
 * (etcd-io/raft quorum.MajorityConfig.CommittedIndex.)
 */
export function quorumMatchIndex(matches: readonly number[]): number {
	return quorumMatchIndexInPlace(matches.slice());
}

/** quorumMatchIndex on an array it may reorder (no allocation: the leader's commit path). */
export function quorumMatchIndexInPlace(matches: number[]): number {
	// insertion sort, descending: a cluster has at most a handful of members
	for (let i = 1; i < matches.length; i++) {
		const v = matches[i];
		let j = i - 1;
		for (; j >= 0 && matches[j] < v; j--) matches[j + 1] = matches[j];
		matches[j + 1] = v;
	}
	return matches[quorumSize(matches.length) - 1];
}

export type VoteResult = 'won' | 'lost' | 'pending';

/** Election outcome given the members and the votes received so far (true = granted). */
export function voteResult(members: number, votes: ReadonlyMap<number, boolean>): VoteResult {
	let granted = 0;
	let rejected = 0;
	for (const v of votes.values()) {
		if (v) granted++;
		else rejected++;
	}
	const q = quorumSize(members);
	if (granted >= q) return 'won';
	if (members - rejected < q) return 'lost';
	return 'pending';
}
