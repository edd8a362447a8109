/**
 * The exercises: catalogue words, each built-in exercise's title, instructions, hints and
 * explanation, the goal conditions instructors pick from, goal progress, and what a broken link
 * says. Korean follows the course deck (쿼럼/Quorum, 리더, 팔로워, 텀, 스플릿 브레인, 장애 허용,
 * "⌊총 노드개수 / 2⌋ + 1 개 이상의 노드가 살아있을때만 쓰기 가능"). etcdctl's output is quoted as etcd
 * prints it, in both languages.
 *
 * Keys: `<exercise id>.title|summary|instructions|hint1..N|explanation` (ids: scenario/exercises.ts),
 * `goal.<kind>` (params in braces), `goalParam.<param>`, `progress.<key>` (scenario/goals.ts),
 * `linkError.<code>` (scenario/link.ts), `warning.<warning>`.
 */
import type { MessageSet } from '../i18n.svelte';

const en = {
	// catalogue and exercise page
	pageTitle: 'Exercises · Quorum Playground',
	pageDescription: 'Break a simulated etcd cluster on purpose: exercises from the course, with goals the page checks, hints and explanations.',
	catalogueTitle: 'Exercises',
	catalogueIntro:
		'Each exercise starts a cluster and sets a goal. Do it with the playground’s controls; the page checks the goal from the simulated cluster itself and explains what happened once you get there.',
	start: 'Start',
	taskShow: 'Show the task',
	taskHide: 'Hide the task',
	goalsDone: '{met} of {n} done',
	goalHeading: 'Goal',
	goalsHeading: 'Goals',
	goalMet: 'done',
	goalNotMet: 'not yet',
	solved: 'Solved!',
	notSolved: 'Not solved yet.',
	hintsHeading: 'Hints',
	showHint: 'Show a hint ({n} of {total})',
	noMoreHints: 'No more hints.',
	explanationHeading: 'What happened',
	showSolution: 'Show me a solution',
	restart: 'Start the exercise over',
	backToCatalogue: 'All exercises',
	copyLink: 'Copy a link to this moment',
	linkCopied: 'Link copied.',
	customBadge: 'Made by an instructor',
	unknownExercise: 'This link names an exercise this version does not know; the cluster is shown without it.',

	// making an exercise
	makeTitle: 'Make an exercise',
	makeIntro:
		'Set the scene in the playground (every action you took so far is kept: the student starts where you are now), then give it a title, instructions and a goal, and share the link.',
	fieldTitle: 'Title',
	fieldInstructionsEn: 'Instructions (English)',
	fieldInstructionsKo: 'Instructions (Korean)',
	fieldGoal: 'Goal',
	addGoal: 'Add another goal (all must be met)',
	removeGoal: 'Remove this goal',
	getLink: 'Get the link',
	'make.errorTitle': 'Give the exercise a title.',
	'make.errorNumber': '“{param}” must be a number from {min} to {max}.',
	'make.errorInteger': '“{param}” must be a whole number.',
	'make.errorInstructions': 'Write the instructions in at least one language.',
	'make.ready': 'The exercise link is ready. Open it to check it, then share it.',
	'make.basedOn': 'It starts from this cluster at {s} with {n} recorded {n|action|actions}.',
	'make.openLink': 'Open the exercise',
	goalsPanel: 'Exercise',
	'warning.metAtStart': 'The goal is already met at the start: the student would have nothing to do.',
	'warning.metByDoingNothing': 'The goal is met within a minute without doing anything: the exercise solves itself.',
	'goalParam.min': 'members alive (at least)',
	'goalParam.down': 'members down (at least)',
	'goalParam.withinMs': 'within (ms)',
	'goalParam.minFsyncMs': 'disk fsync at least (ms)',
	'goalParam.n': 'members',

	// goal conditions (what instructors pick from; also the checklist of an exercise)
	'unit.ms': '{n} ms',
	'unit.s': '{n} s',
	'unit.min': '{n} min',
	'goal.putRefusedWithAliveMembers': 'A write is refused while at least {min} {min|member is|members are} alive',
	'goal.putSucceededWithMembersDown': 'A write succeeds while {down} or more members are down',
	'goal.putRefusedWithMembersDown': 'A write to a live member is refused while {down} or more members are down',
	'goal.putSucceededAfterFailure': 'Writes are refused, then succeed again',
	'goal.leaderElectedAfterLeaderKilled': 'Kill the leader; a new leader is elected within {withinMs}',
	'goal.minorityLeaderCannotCommit': 'The leader is cut off in a minority: a write on its side never commits, a write on the majority side does',
	'goal.twoBelievedLeadersOneCommits': 'Two members believe they lead at the same moment, and a write commits under the newer one only',
	'goal.timedOutWriteLaterVisible': 'A write times out, and a later read returns its value',
	'goal.staleSerializableRead': 'A serializable read returns an older value than a write already acknowledged',
	'goal.leadershipLostToSlowDisk': 'The leader loses leadership to a slow disk alone (fsync at least {minFsyncMs}), with every member up and the network whole',
	'goal.leadershipLostToSlowDiskAny': 'The leader loses leadership to a slow disk alone, with every member up and the network whole',
	'goal.termUnchangedOnRejoin': 'A follower cut off for over two election timeouts rejoins, and the leader keeps its term',
	'goal.leaderDeposedOnRejoin': 'A follower cut off for over two election timeouts rejoins, and the leader is deposed',
	'goal.watchCanceledNoLeader': 'A watch is canceled with “etcdserver: no leader”',
	'goal.clusterSizeIs': 'The cluster has {n} {n|member|members}',
	'goal.grewThroughLearners': 'The cluster grows to {n} voters, each new member added as a learner and promoted, and no write is refused meanwhile',
	'goal.replacedDeadMember': 'A dead member is removed, a new member is added and started, and a write succeeds after',
	'goal.writesStoppedByUnstartedVoter': 'A voter added but not started stops writes; they come back once it runs',

	// progress
	'progress.maxDownOk': 'So far a write succeeded with {down} {down|member|members} down.',
	'progress.refusedButTooFewAlive': 'A write was refused, but only {alive} {alive|member was|members were} alive (at least {min} needed).',
	'progress.refusedButTooFewDown': 'A write was refused with {down} {down|member|members} down; this goal needs {need}.',
	'progress.refusedWaitingForSuccess': 'Writes were refused. Now make one succeed.',
	'progress.newLeaderAfter': 'n{killed} was killed; n{node} became leader {ms} later.',
	'progress.newLeaderTooSlow': 'n{node} became leader {ms} after n{killed} was killed: more than {within}.',
	'progress.waitingForNewLeader': 'The leader n{node} is down. Waiting for a new leader…',
	'progress.leaderCutOff': 'Leader n{node} is cut off in a minority. Write on its side and on the majority side, and wait for both answers.',
	'progress.twoLeaders': 'n{old} (term {oldTerm}) and n{node} (term {term}) both believed they led.',
	'progress.timedOutWaitingForRead': 'A write timed out. Did it commit? Read the key back.',
	'progress.slowDiskLost': 'Leader n{node} lost leadership with an fsync of {ms}.',
	'progress.isolationTooShort': 'n{node} was cut off for {ms} only: keep it apart for at least {need}.',
	'progress.rejoinWatching': 'n{node} is back. Watching leader n{leader} (term {term}) for {ms} more…',
	'progress.leaderKeptTerm': 'n{node} rejoined and leader n{leader} kept term {term}.',
	'progress.leaderDeposed': 'n{node} rejoined and deposed leader n{leader} (term {term}).',

	// links that cannot be opened
	'linkError.heading': 'This link could not be opened',
	'linkError.fallback': 'A fresh cluster is shown instead.',
	'linkError.empty': 'The link holds no playground state: there is nothing after the #.',
	'linkError.truncated': 'The link is incomplete: it was cut off when it was copied. Copy the whole link again.',
	'linkError.corrupt': 'This is not a Quorum Playground link, or it was damaged.',
	'linkError.tampered': 'The link was changed or damaged after it was made (its checksum does not match). Ask for the link again.',
	'linkError.future': 'The link was made by a newer version of Quorum Playground. Open it on the current site.',
	'linkError.tooLarge': 'The link is too large to open.',
	'linkError.invalid': 'The link’s content is not valid.',
	'linkError.tooHeavy': 'The link asks for more simulation work than a browser tab should do (see the details); make the run shorter, slower or smaller.',
	'linkError.detail': 'Details: {detail}',

	// ------------------------------------------------------------------ the exercises
	'quorum-of-five.title': 'How many of 5 members can die before writes stop?',
	'quorum-of-five.summary': 'Kill members one by one and find where writes stop.',
	'quorum-of-five.instructions':
		'This cluster has 5 members. Kill members one at a time (kill -9) and after each kill write a key with etcdctl put, sent to a member that is still up. Find the point where writes stop: show a write that still succeeds with as many members down as possible, and a write that is refused with one more down.',
	'quorum-of-five.hint1': 'A write needs a quorum: floor(n/2) + 1 members must store it. What is that for n = 5?',
	'quorum-of-five.hint2': 'A refused write does not fail at once: etcdctl waits for its 5 s timeout and prints “Error: context deadline exceeded”.',
	'quorum-of-five.hint3': 'Send the put to a member that is up: a put to a dead member cannot even connect, which says nothing about the quorum.',
	'quorum-of-five.explanation':
		'Five members need a quorum of 3 to commit a write, so the cluster tolerates 2 failures. With 2 down, the 3 survivors still form a quorum: the put commits. With 3 down only 2 are left: no write can reach a quorum, the leader steps down (CheckQuorum), and the put times out instead of being stored on too few members. etcd is a CP system: it stops answering rather than risk two different histories (no split brain).',

	'four-no-better-than-three.title': 'Why are 4 members no better than 3?',
	'four-no-better-than-three.summary': 'An even-sized cluster: one more member, no more failures tolerated.',
	'four-no-better-than-three.instructions':
		'This cluster has 4 members. Show how many failures it tolerates: make a write succeed with a member down, then make writes stop while half of the members are still alive.',
	'four-no-better-than-three.hint1': 'Quorum = floor(4/2) + 1 = 3. How many of 4 can be lost before fewer than 3 remain?',
	'four-no-better-than-three.hint2': 'Kill one member and put; then kill a second one and put again (to a live member).',
	'four-no-better-than-three.hint3': 'A partition into two sides of 2 also stops writes: neither side has 3.',
	'four-no-better-than-three.explanation':
		'Four members need 3 for a quorum, so they tolerate 1 failure, exactly like 3 members (quorum 2). With 2 of 4 alive, writes stop, although 2 alive would be a quorum of a 3-member cluster. The fourth member only adds a member every write waits for and one more machine that can fail; a 2–2 network split leaves no side with a majority. That is why control planes run 1, 3 or 5 etcd members.',

	'time-to-new-leader.title': 'How long until there is a new leader after the leader dies?',
	'time-to-new-leader.summary': 'Kill the leader and time the election.',
	'time-to-new-leader.instructions':
		'Find the leader and kill it. Measure how long the cluster is without a leader until another member is elected. Try again with other seeds: is it always the same?',
	'time-to-new-leader.hint1': 'The leader is the member whose role reads “leader”. Kill that one, not a follower.',
	'time-to-new-leader.hint2': 'Followers notice the leader is gone only when no heartbeat arrives for their whole election timeout.',
	'time-to-new-leader.hint3': 'Each follower draws a random election timeout between 1.0 and 1.9 s (etcd --election-timeout 1000 ms): the first to time out campaigns.',
	'time-to-new-leader.explanation':
		'Nobody tells the followers that the leader died: they notice when its heartbeats (every 100 ms) stop for a whole election timeout, drawn at random between 1.0 and 1.9 s so that they rarely campaign at once. The first to time out asks the others (with PreVote, it first asks whether it could win), gets 2 of 3 votes and leads at the next term. Real etcd 3.4 took 0.95 to 1.6 s in 12 trials. Meanwhile writes wait, and a put that a follower had forwarded to the dead leader is lost and times out.',

	'leader-in-minority.title': 'The leader cut off in the minority',
	'leader-in-minority.summary': 'Partition the leader away: can two leaders both commit?',
	'leader-in-minority.instructions':
		'Split the network so that the leader ends up on the smaller side (with at most one other member). Write to the old leader, and write to a member on the larger side. Wait for both answers before you heal the network.',
	'leader-in-minority.hint1': 'In “Split the members into sides”, put the leader and one follower on one side and the three others on the other.',
	'leader-in-minority.hint2': 'A put sent to the larger side right after the split is forwarded to the old leader and lost: wait until the larger side has elected its own leader (1 to 2 s).',
	'leader-in-minority.hint3': 'The put to the old leader waits for 5 s and times out. Heal only after that.',
	'leader-in-minority.explanation':
		'The old leader reaches only 2 of 5 members, fewer than the quorum of 3, so nothing it accepts can commit; with CheckQuorum it steps down after about an election timeout. The 3 others elect a new leader at a higher term and commit. For a moment two members may both say “leader” (etcd’s endpoint status shows it too), but only one of them can commit: there is one history. On heal the old leader drops its uncommitted entries and takes the new leader’s. That is what CP means: the minority stops working rather than let the members hold different data (no split brain).',

	'timed-out-write.title': 'The write that timed out, yet committed',
	'timed-out-write.summary': 'A timeout is not a failure: the outcome is unknown.',
	'timed-out-write.instructions':
		'Make a write time out (etcdctl prints “context deadline exceeded”), then show that it was committed after all: read the key back and get the value you wrote.',
	'timed-out-write.hint1': 'Kill both followers, then put to the leader: it stores the entry in its own log but cannot commit it.',
	'timed-out-write.hint2': 'After etcdctl gives up, restart one follower only. (Restart both together and the two members with the shorter logs may elect each other and drop the entry.)',
	'timed-out-write.hint3': 'Then read the key with a normal (linearizable) get.',
	'timed-out-write.explanation':
		'A timeout means “outcome unknown”, not “failed”. The leader had written your entry to its own log before the followers were gone. When one came back, the old leader, whose log was longer, won the election; the empty entry it appends for its new term commits everything before it, your write included. Clients must treat a timed-out write as possibly applied: retry it safely (idempotently) or read back to check. On real etcd 3.4 a put that printed “context deadline exceeded” was found committed once the killed members returned.',

	'stale-serializable-read.title': 'Stale reads from a cut-off member',
	'stale-serializable-read.summary': 'A serializable read answers from the member’s own copy, even an old one.',
	'stale-serializable-read.instructions':
		'The key foo holds v1. Cut one follower off from the other two, change foo on the majority side, then read foo from the cut-off member with a serializable read (get foo --consistency=s).',
	'stale-serializable-read.hint1': 'Use a partition with one follower alone on its side, and put foo v2 to a member on the other side.',
	'stale-serializable-read.hint2': 'A serializable read is answered from the member’s own store, without asking the leader.',
	'stale-serializable-read.hint3': 'Try a normal (linearizable) get on the cut-off member too: it waits and times out.',
	'stale-serializable-read.explanation':
		'The cut-off member still holds the last value it applied, v1, and a serializable read returns exactly that, quickly and without a quorum, even though v2 was acknowledged before you asked. A linearizable read (etcd’s default) goes through ReadIndex: the member must learn from a leader that still reaches a quorum what the latest committed index is, so on a cut-off member it waits and times out rather than answer with old data. Serializable reads trade freshness for availability and speed.',

	'slow-leader-disk.title': 'How slow must the leader’s disk get before elections start?',
	'slow-leader-disk.summary': 'Slow the leader’s fsync until the followers give up on it.',
	'slow-leader-disk.instructions':
		'A client writes 20 keys a second. Slow down the leader’s disk step by step (its fsync time) and find how slow it must get before the followers elect another leader. Leave the members and the network alone.',
	'slow-leader-disk.hint1': 'On the leader’s card, set its disk to 10 ms (HDD), then 200 ms, 500 ms, and more. Give each setting a few seconds.',
	'slow-leader-disk.hint2': 'While a member waits on fsync, its raft loop sends nothing. Look for “leader failed to send out heartbeat on time” in the etcd log.',
	'slow-leader-disk.hint3': 'Followers campaign when they hear nothing for their election timeout, 1.0 to 1.9 s.',
	'slow-leader-disk.explanation':
		'etcd’s raft loop is single-threaded: while the leader waits for a WAL fsync it sends no heartbeats. Slow fsyncs first only make writes slow (each write waits for the leader’s disk) and fill the log with “leader failed to send out heartbeat on time … likely from slow disk”. Once a single fsync stalls the loop for longer than a follower’s election timeout (here a little over 1 s, from --election-timeout 1000 ms), that follower campaigns and takes over. etcd’s guidance: keep WAL fsync p99 under 10 ms.',

	'rejoin-with-prevote.title': 'A partitioned member rejoins (PreVote on)',
	'rejoin-with-prevote.summary': 'With PreVote, a returning member does not disturb the leader.',
	'rejoin-with-prevote.instructions':
		'PreVote is on, as in etcd 3.5 and later. Cut one follower off from the other two for a few seconds, then heal the network. Watch the terms of that member and of the leader while it is away and after it returns.',
	'rejoin-with-prevote.hint1': 'Keep it apart for at least two election timeouts (2 s) so that it would have campaigned.',
	'rejoin-with-prevote.hint2': 'Its role turns to pre-candidate: it asks whether it could win before raising its term.',
	'rejoin-with-prevote.explanation':
		'With PreVote a member that hears no leader first asks the others whether they would vote for it, without raising its term. Cut off, it never gets a majority of pre-votes, so its term stays where it was. When it returns it holds no higher term, the leader carries on at the same term, and nobody notices a thing. Compare with the next exercise, where PreVote is off.',

	'rejoin-without-prevote.title': 'A partitioned member rejoins (PreVote off)',
	'rejoin-without-prevote.summary': 'Without PreVote, a returning member forces a needless election.',
	'rejoin-without-prevote.instructions':
		'PreVote is off, as it was by default before etcd 3.5. Cut one follower off from the other two for a few seconds, then heal the network. What happens to the leader?',
	'rejoin-without-prevote.hint1': 'Keep it apart for at least two election timeouts (2 s) and watch its term climb.',
	'rejoin-without-prevote.hint2': 'When it is back, its replies carry a higher term than the leader’s.',
	'rejoin-without-prevote.explanation':
		'Without PreVote the cut-off member starts real elections: its term goes up about once every 1 to 2 s. When it returns, its messages carry that higher term, and the leader, seeing a newer term, steps down; the cluster holds an election it did not need, and writes wait meanwhile (about 1.9 s on real etcd 3.4). PreVote, on by default since etcd 3.5, prevents exactly this.',

	'watch-without-leader.title': 'A watch while the leader is lost',
	'watch-without-leader.summary': 'What a watching client sees when its member has no leader.',
	'watch-without-leader.instructions':
		'A client watches the key foo on n1 (etcdctl watch foo). Make n1 lose its leader and keep it without one, and see what happens to the watch.',
	'watch-without-leader.hint1': 'Kill the other two members, or cut n1 off from them.',
	'watch-without-leader.hint2': 'A member checks once every election timeout whether it has a leader; give it a few seconds.',
	'watch-without-leader.hint3': 'The watch panel (or the client history) shows when a watch ends.',
	'watch-without-leader.explanation':
		'etcdctl watches with “require leader”: a member that has had no leader for three checks in a row (one per election timeout) cancels its watches with “watch was canceled (etcdserver: no leader)”. Without that, a member cut off from the cluster would keep a watch open that silently receives nothing, while the rest of the cluster moves on. A canceled watch tells the client to reconnect to a member that has a leader; Kubernetes’ watch caches rely on it.',

	'grow-three-to-five.title': 'Grow 3 members to 5, the safe way',
	'grow-three-to-five.summary': 'Add members as learners, let them catch up, then promote them.',
	'grow-three-to-five.instructions':
		'Grow the cluster from 3 voting members to 5 without a single refused write: add each new member as a learner (“+ learner” under the picture, or etcdctl member add NAME --peer-urls=URL --learner), wait until it has caught up, then promote it from its inspector (or etcdctl member promote ID).',
	'grow-three-to-five.hint1': 'A learner copies the log but does not vote, so the quorum stays 2 of 3 while it catches up.',
	'grow-three-to-five.hint2': 'Promote too early and etcd refuses: “can only promote a learner member which is in sync with leader”. Wait a moment and try again.',
	'grow-three-to-five.hint3': 'etcd allows one learner at a time: promote the first before you add the second.',
	'grow-three-to-five.explanation':
		'Adding a voter raises the quorum at once, before the new member holds any data: with 4 voters the quorum is 3, and if the new member is still catching up (or never starts) one more failure stops writes. A learner changes nothing about the quorum: it receives the log like a follower, and etcd lets you promote it only once its log is within 90% of the leader’s. Each change goes through Raft one at a time and takes effect as each member applies it. Five voters tolerate two failures; four would tolerate only one, like three.',

	'replace-dead-member.title': 'Replace a dead member',
	'replace-dead-member.summary': 'n3 died for good: take it out, bring a new member in.',
	'replace-dead-member.instructions':
		'n3 has crashed and will not come back. Remove it from the cluster first, then add a new member and start it, and show that writes work. (Order matters.)',
	'replace-dead-member.hint1': 'Open n3 in the picture and remove it, or run member list and member remove ID in the console.',
	'replace-dead-member.hint2': 'Removing a member that is down is safe: it is not part of the active quorum. Removing a live one when another is down is refused (“unhealthy cluster”).',
	'replace-dead-member.hint3': 'Then “+ voter” adds a new member and starts its process.',
	'replace-dead-member.explanation':
		'With n3 dead, the cluster runs 2 of 3: one more failure and writes stop. Adding the new member first would make 4 voters with a quorum of 3 while one is dead, so any further failure or a slow start would stop writes. Removing the dead member first shrinks the cluster to 2 voters (quorum 2), then the add brings it back to 3 (quorum 2, tolerating one failure again). etcd’s own guide says the same: remove the failed member, then add its replacement.',

	'one-to-two-trap.title': 'The 1 → 2 trap',
	'one-to-two-trap.summary': 'Add a second voter to a single member and watch writes stop.',
	'one-to-two-trap.instructions':
		'A single-member cluster serves writes. Add a second voting member without starting it (etcdctl member add NAME --peer-urls=URL in the console does exactly that), write a key and watch it fail. Then start the new member (restart it from its inspector) and write again.',
	'one-to-two-trap.hint1': 'In the console: member add n2 --peer-urls=http://127.0.0.1:12380',
	'one-to-two-trap.hint2': 'The new member shows as “not started” in the picture; its add already committed.',
	'one-to-two-trap.hint3': 'Open the new member and press Restart to start its process.',
	'one-to-two-trap.explanation':
		'The add commits on the one existing voter and takes effect at once: the cluster now has 2 voters and a quorum of 2, but the second has no process yet. The leader cannot reach a quorum: writes wait and time out, and with CheckQuorum it even steps down. etcd lets exactly this case through (its check allows adding a second member to a single started one, for restoring a cluster), which is why it is a classic mistake. Start the new member and it catches up, votes, and writes come back. Adding it as a learner first would have avoided the outage.'
};

export type ExercisesKey = keyof typeof en;

export const exercises: MessageSet<typeof en> = {
	en,
	ko: {
		pageTitle: '실습 문제 · Quorum Playground',
		pageDescription: '시뮬레이션된 etcd 클러스터를 일부러 망가뜨려 보는 실습: 강의 내용에서 나온 문제, 페이지가 직접 확인하는 목표, 힌트와 해설.',
		catalogueTitle: '실습 문제',
		catalogueIntro:
			'각 문제는 클러스터를 하나 띄우고 목표를 줍니다. 플레이그라운드의 조작으로 목표를 달성해 보세요. 목표 달성 여부는 화면이 아니라 시뮬레이션된 클러스터 자체에서 확인하고, 달성하면 무슨 일이 일어났는지 해설을 보여 줍니다.',
		start: '시작',
		taskShow: '과제 보기',
		taskHide: '과제 접기',
		goalsDone: '{n}개 중 {met}개 완료',
		goalHeading: '목표',
		goalsHeading: '목표',
		goalMet: '달성',
		goalNotMet: '아직',
		solved: '해결했습니다!',
		notSolved: '아직 해결하지 못했습니다.',
		hintsHeading: '힌트',
		showHint: '힌트 보기 ({total}개 중 {n}번째)',
		noMoreHints: '더 이상 힌트가 없습니다.',
		explanationHeading: '무슨 일이 일어났나',
		showSolution: '풀이 보기',
		restart: '처음부터 다시',
		backToCatalogue: '전체 실습 문제',
		copyLink: '지금 이 순간의 링크 복사',
		linkCopied: '링크를 복사했습니다.',
		customBadge: '강사가 만든 문제',
		unknownExercise: '이 링크의 실습 문제는 이 버전에서 알 수 없는 문제입니다. 문제 없이 클러스터만 보여 줍니다.',

		makeTitle: '실습 문제 만들기',
		makeIntro:
			'플레이그라운드에서 상황을 만들어 두고 (지금까지 한 조작은 모두 유지되며, 학생은 지금 이 시점에서 시작합니다) 제목, 설명, 목표를 정한 뒤 링크를 공유하세요.',
		fieldTitle: '제목',
		fieldInstructionsEn: '설명 (영어)',
		fieldInstructionsKo: '설명 (한국어)',
		fieldGoal: '목표',
		addGoal: '목표 추가 (모두 달성해야 함)',
		removeGoal: '이 목표 삭제',
		getLink: '링크 만들기',
		'make.errorTitle': '문제 제목을 입력하세요.',
		'make.errorNumber': '“{param}” 은(는) {min}부터 {max} 사이의 숫자여야 합니다.',
		'make.errorInteger': '“{param}” 은(는) 정수여야 합니다.',
		'make.errorInstructions': '설명을 한 가지 언어 이상으로 입력하세요.',
		'make.ready': '문제 링크가 준비되었습니다. 열어서 확인한 뒤 공유하세요.',
		'make.basedOn': '이 클러스터의 {s} 시점, 기록된 조작 {n}개에서 시작합니다.',
		'make.openLink': '문제 열기',
		goalsPanel: '실습 문제',
		'warning.metAtStart': '시작하자마자 목표가 이미 달성되어 있습니다: 학생이 할 일이 없습니다.',
		'warning.metByDoingNothing': '아무것도 하지 않아도 1분 안에 목표가 달성됩니다: 문제가 저절로 풀립니다.',
		'goalParam.min': '살아있는 멤버 수 (이상)',
		'goalParam.down': '다운된 멤버 수 (이상)',
		'goalParam.withinMs': '제한 시간 (ms)',
		'goalParam.minFsyncMs': '디스크 fsync 최소 (ms)',
		'goalParam.n': '멤버 수',

		'unit.ms': '{n} ms',
		'unit.s': '{n}초',
		'unit.min': '{n}분',
		'goal.putRefusedWithAliveMembers': '멤버가 {min}개 이상 살아있는데도 쓰기가 거부됨',
		'goal.putSucceededWithMembersDown': '멤버가 {down}개 이상 다운된 상태에서 쓰기 성공',
		'goal.putRefusedWithMembersDown': '멤버가 {down}개 이상 다운된 상태에서, 살아있는 멤버로 보낸 쓰기가 거부됨',
		'goal.putSucceededAfterFailure': '쓰기가 거부되었다가 다시 성공함',
		'goal.leaderElectedAfterLeaderKilled': '리더를 종료하면 {withinMs} 안에 새 리더가 선출됨',
		'goal.minorityLeaderCannotCommit': '리더가 소수 쪽에 고립됨: 그쪽의 쓰기는 커밋되지 않고, 다수 쪽의 쓰기는 커밋됨',
		'goal.twoBelievedLeadersOneCommits': '같은 순간 두 멤버가 자신이 리더라고 믿고, 쓰기는 새 리더 쪽에서만 커밋됨',
		'goal.timedOutWriteLaterVisible': '타임아웃된 쓰기를 나중에 읽어 보니 그 값이 있음',
		'goal.staleSerializableRead': 'serializable 읽기가 이미 성공한 쓰기보다 오래된 값을 돌려줌',
		'goal.leadershipLostToSlowDisk': '모든 멤버가 살아있고 네트워크도 정상인데, 느린 디스크(fsync {minFsyncMs} 이상)만으로 리더가 리더 자리를 잃음',
		'goal.leadershipLostToSlowDiskAny': '모든 멤버가 살아있고 네트워크도 정상인데, 느린 디스크만으로 리더가 리더 자리를 잃음',
		'goal.termUnchangedOnRejoin': '선거 타임아웃 2배 이상 고립된 팔로워가 돌아와도 리더의 텀이 그대로임',
		'goal.leaderDeposedOnRejoin': '선거 타임아웃 2배 이상 고립된 팔로워가 돌아오자 리더가 물러남',
		'goal.watchCanceledNoLeader': 'watch가 “etcdserver: no leader”로 취소됨',
		'goal.clusterSizeIs': '클러스터 멤버 수가 {n}개',
		'goal.grewThroughLearners': '새 멤버를 모두 러너로 추가해 승격하면서, 쓰기가 한 번도 거절되지 않고 투표 멤버가 {n}개가 됨',
		'goal.replacedDeadMember': '죽은 멤버를 제거하고, 새 멤버를 추가해 시작한 뒤, 쓰기가 성공함',
		'goal.writesStoppedByUnstartedVoter': '시작하지 않은 투표 멤버를 추가해 쓰기가 멈추고, 그 멤버가 실행되자 쓰기가 돌아옴',

		'progress.maxDownOk': '지금까지 멤버 {down}개가 다운된 상태에서 쓰기가 성공했습니다.',
		'progress.refusedButTooFewAlive': '쓰기가 거부되었지만 살아있던 멤버는 {alive}개뿐이었습니다 ({min}개 이상 필요).',
		'progress.refusedButTooFewDown': '멤버 {down}개가 다운된 상태에서 쓰기가 거부되었습니다. 이 목표는 {need}개가 필요합니다.',
		'progress.refusedWaitingForSuccess': '쓰기가 거부되었습니다. 이제 쓰기를 다시 성공시켜 보세요.',
		'progress.newLeaderAfter': 'n{killed}이(가) 종료되고 {ms} 뒤에 n{node}이(가) 리더가 되었습니다.',
		'progress.newLeaderTooSlow': 'n{killed}이(가) 종료되고 {ms} 뒤에 n{node}이(가) 리더가 되었습니다: {within} 제한을 넘었습니다.',
		'progress.waitingForNewLeader': '리더 n{node}이(가) 다운되었습니다. 새 리더를 기다리는 중…',
		'progress.leaderCutOff': '리더 n{node}이(가) 소수 쪽에 고립되었습니다. 그쪽과 다수 쪽에 각각 쓰기를 보내고, 두 응답을 모두 기다리세요.',
		'progress.twoLeaders': 'n{old} (텀 {oldTerm})과 n{node} (텀 {term})이 동시에 자신이 리더라고 믿었습니다.',
		'progress.timedOutWaitingForRead': '쓰기가 타임아웃되었습니다. 커밋되었을까요? 키를 다시 읽어 보세요.',
		'progress.slowDiskLost': '리더 n{node}이(가) fsync {ms}에서 리더 자리를 잃었습니다.',
		'progress.isolationTooShort': 'n{node}이(가) {ms} 동안만 고립되었습니다: {need} 이상 떼어 놓으세요.',
		'progress.rejoinWatching': 'n{node}이(가) 돌아왔습니다. 리더 n{leader} (텀 {term})를 {ms} 더 지켜보는 중…',
		'progress.leaderKeptTerm': 'n{node}이(가) 돌아왔고 리더 n{leader}은(는) 텀 {term}을 유지했습니다.',
		'progress.leaderDeposed': 'n{node}이(가) 돌아오자 리더 n{leader} (텀 {term})이 물러났습니다.',

		'linkError.heading': '이 링크를 열 수 없습니다',
		'linkError.fallback': '대신 새 클러스터를 보여 줍니다.',
		'linkError.empty': '링크에 플레이그라운드 상태가 없습니다: # 뒤에 아무것도 없습니다.',
		'linkError.truncated': '링크가 잘렸습니다: 복사할 때 일부가 빠졌습니다. 링크 전체를 다시 복사하세요.',
		'linkError.corrupt': 'Quorum Playground 링크가 아니거나 손상된 링크입니다.',
		'linkError.tampered': '링크가 만들어진 뒤 바뀌었거나 손상되었습니다 (체크섬 불일치). 링크를 다시 받아 주세요.',
		'linkError.future': '더 새로운 버전의 Quorum Playground에서 만든 링크입니다. 최신 사이트에서 열어 주세요.',
		'linkError.tooLarge': '링크가 너무 커서 열 수 없습니다.',
		'linkError.invalid': '링크의 내용이 올바르지 않습니다.',
		'linkError.tooHeavy': '이 링크는 브라우저 탭이 감당하기에는 시뮬레이션 작업량이 너무 많습니다 (자세한 내용 참고). 실행 시간을 줄이거나, 쓰기 속도나 클러스터 크기를 낮춰 주세요.',
		'linkError.detail': '자세한 내용: {detail}',

		'quorum-of-five.title': '멤버 5개 중 몇 개가 죽으면 쓰기가 멈출까?',
		'quorum-of-five.summary': '멤버를 하나씩 종료하며 쓰기가 멈추는 지점을 찾아보세요.',
		'quorum-of-five.instructions':
			'이 클러스터는 멤버(노드)가 5개입니다. 멤버를 하나씩 종료(kill -9)하고, 종료할 때마다 살아있는 멤버에 etcdctl put으로 키를 써 보세요. 쓰기가 멈추는 지점을 찾아, 가능한 한 많은 멤버가 다운된 상태에서 성공한 쓰기와, 하나 더 다운되었을 때 거부된 쓰기를 보여 주세요.',
		'quorum-of-five.hint1': '쓰기에는 쿼럼(Quorum), 즉 ⌊n/2⌋ + 1 개의 멤버가 필요합니다. n = 5 이면 몇 개일까요?',
		'quorum-of-five.hint2': '거부된 쓰기는 바로 실패하지 않습니다: etcdctl은 5초 타임아웃까지 기다린 뒤 “Error: context deadline exceeded”를 출력합니다.',
		'quorum-of-five.hint3': 'put은 살아있는 멤버로 보내세요. 죽은 멤버로 보낸 put은 접속조차 못 하므로 쿼럼과는 관계가 없습니다.',
		'quorum-of-five.explanation':
			'멤버 5개는 쓰기를 커밋하려면 쿼럼 3개가 필요하므로 장애를 2개까지 허용합니다. 2개가 다운되어도 남은 3개가 쿼럼을 이루므로 put이 커밋됩니다. 3개가 다운되면 2개만 남아 어떤 쓰기도 쿼럼에 닿지 못하고, 리더는 물러나며(CheckQuorum), put은 너무 적은 멤버에 저장되는 대신 타임아웃됩니다. 강의 슬라이드 그대로: “⌊총 노드개수 / 2⌋ + 1 개 이상의 노드가 살아있을때만 쓰기 가능”. etcd는 CP 시스템이라 작동이 안 할지언정 서로 다른 데이터를 갖게 두지 않습니다 (스플릿 브레인 없음).',

		'four-no-better-than-three.title': '왜 멤버 4개는 3개보다 나을 게 없을까?',
		'four-no-better-than-three.summary': '짝수 크기 클러스터: 멤버는 하나 늘지만 장애 허용 수는 그대로.',
		'four-no-better-than-three.instructions':
			'이 클러스터는 멤버가 4개입니다. 몇 개의 장애를 허용하는지 보여 주세요: 멤버 하나가 다운된 상태에서 쓰기를 성공시키고, 그다음 멤버의 절반이 아직 살아있는데도 쓰기가 멈추게 해 보세요.',
		'four-no-better-than-three.hint1': '쿼럼 = ⌊4/2⌋ + 1 = 3. 4개 중 몇 개를 잃으면 3개 미만이 될까요?',
		'four-no-better-than-three.hint2': '멤버 하나를 종료하고 put, 하나 더 종료하고 다시 put (살아있는 멤버로) 해 보세요.',
		'four-no-better-than-three.hint3': '네트워크를 2개씩 두 쪽으로 나눠도 쓰기가 멈춥니다: 어느 쪽도 3개가 안 됩니다.',
		'four-no-better-than-three.explanation':
			'멤버 4개는 쿼럼이 3개라서 장애를 1개만 허용합니다. 멤버 3개(쿼럼 2개)와 똑같습니다. 4개 중 2개가 살아있으면 쓰기가 멈추는데, 멤버 3개짜리 클러스터였다면 2개로도 쿼럼이 됩니다. 네 번째 멤버는 모든 쓰기가 기다려야 할 멤버와 고장 날 수 있는 기계를 하나씩 늘릴 뿐이고, 2 대 2로 네트워크가 나뉘면 어느 쪽도 과반이 아닙니다. 그래서 Controlplane 노드를 1개, 3개, 5개로 구성합니다.',

		'time-to-new-leader.title': '리더가 죽고 새 리더가 뽑히기까지 얼마나 걸릴까?',
		'time-to-new-leader.summary': '리더를 종료하고 선거 시간을 재 보세요.',
		'time-to-new-leader.instructions':
			'리더를 찾아 종료하세요. 리더가 없는 시간이 얼마나 이어지다가 다른 멤버가 선출되는지 재 보세요. 다른 시드로도 해 보세요: 항상 같을까요?',
		'time-to-new-leader.hint1': '리더는 역할이 “리더”로 표시된 멤버입니다. 팔로워가 아니라 그 멤버를 종료하세요.',
		'time-to-new-leader.hint2': '팔로워는 선거 타임아웃 동안 하트비트를 하나도 받지 못해야 리더가 사라졌다는 것을 알아챕니다.',
		'time-to-new-leader.hint3': '팔로워마다 1.0 ~ 1.9초 사이의 무작위 선거 타임아웃을 뽑습니다 (etcd --election-timeout 1000 ms). 가장 먼저 타임아웃된 멤버가 선거를 시작합니다.',
		'time-to-new-leader.explanation':
			'리더가 죽었다고 팔로워에게 알려 주는 것은 없습니다. 100 ms마다 오던 하트비트가 선거 타임아웃 내내 끊겨야 알아채는데, 이 타임아웃은 1.0 ~ 1.9초 사이에서 무작위로 뽑혀 여러 멤버가 동시에 선거를 시작하는 일이 드뭅니다. 가장 먼저 타임아웃된 멤버가 표를 요청하고 (PreVote가 켜져 있으면 이길 수 있는지 먼저 묻고), 3개 중 2표를 얻어 다음 텀의 리더가 됩니다. 실제 etcd 3.4에서는 12번 시도에 0.95 ~ 1.6초가 걸렸습니다. 그동안 쓰기는 기다리고, 팔로워가 죽은 리더에게 전달해 둔 put은 사라져 타임아웃됩니다.',

		'leader-in-minority.title': '소수 쪽에 고립된 리더',
		'leader-in-minority.summary': '리더를 네트워크에서 떼어 놓으면 두 리더가 모두 커밋할 수 있을까?',
		'leader-in-minority.instructions':
			'리더가 작은 쪽(다른 멤버 최대 1개와 함께)에 남도록 네트워크를 나누세요. 옛 리더에게 쓰기를 보내고, 큰 쪽의 멤버에게도 쓰기를 보내세요. 네트워크를 복구하기 전에 두 응답을 모두 기다리세요.',
		'leader-in-minority.hint1': '“멤버를 여러 쪽으로 나누기”에서 리더와 팔로워 하나를 한쪽에, 나머지 셋을 다른 쪽에 두세요.',
		'leader-in-minority.hint2': '나누자마자 큰 쪽으로 보낸 put은 옛 리더에게 전달되어 사라집니다: 큰 쪽이 새 리더를 뽑을 때까지 (1 ~ 2초) 기다리세요.',
		'leader-in-minority.hint3': '옛 리더로 보낸 put은 5초를 기다린 뒤 타임아웃됩니다. 그다음에 복구하세요.',
		'leader-in-minority.explanation':
			'옛 리더는 5개 중 2개 멤버에만 닿아 쿼럼 3개에 못 미치므로, 받은 쓰기를 하나도 커밋할 수 없습니다. CheckQuorum 때문에 선거 타임아웃 정도가 지나면 리더에서 물러납니다. 나머지 3개는 더 높은 텀으로 새 리더를 뽑고 커밋합니다. 잠시 두 멤버가 모두 “리더”라고 말할 수 있지만 (etcd의 endpoint status에서도 보입니다) 커밋할 수 있는 것은 하나뿐이라 기록은 하나입니다. 복구되면 옛 리더는 커밋되지 않은 엔트리를 버리고 새 리더의 것을 받습니다. 이것이 CP 입니다: 소수 쪽은 작동을 멈출지언정 노드끼리 서로 다른 데이터를 갖게 두지 않습니다 (스플릿 브레인 없음).',

		'timed-out-write.title': '타임아웃됐는데 커밋된 쓰기',
		'timed-out-write.summary': '타임아웃은 실패가 아닙니다: 결과를 알 수 없을 뿐입니다.',
		'timed-out-write.instructions':
			'쓰기를 타임아웃시킨 뒤 (etcdctl이 “context deadline exceeded”를 출력), 그 쓰기가 결국 커밋되었음을 보여 주세요: 키를 다시 읽어 여러분이 쓴 값을 받아 보세요.',
		'timed-out-write.hint1': '팔로워 둘을 종료한 뒤 리더에 put 하세요: 리더는 엔트리를 자기 로그에 저장하지만 커밋하지 못합니다.',
		'timed-out-write.hint2': 'etcdctl이 포기한 뒤 팔로워 하나만 재시작하세요. (둘을 함께 재시작하면 로그가 짧은 두 멤버가 서로 뽑아 그 엔트리를 버릴 수 있습니다.)',
		'timed-out-write.hint3': '그다음 일반 (linearizable) get으로 키를 읽으세요.',
		'timed-out-write.explanation':
			'타임아웃은 “실패”가 아니라 “결과를 알 수 없음” 입니다. 팔로워들이 사라지기 전에 리더는 이미 여러분의 엔트리를 자기 로그에 썼습니다. 팔로워 하나가 돌아오자 로그가 더 긴 옛 리더가 선거에서 이겼고, 새 텀에서 추가하는 빈 엔트리가 커밋되면서 그 앞의 모든 엔트리, 여러분의 쓰기까지 함께 커밋되었습니다. 클라이언트는 타임아웃된 쓰기를 “적용되었을 수도 있는” 것으로 다뤄야 합니다: 안전하게 (멱등하게) 재시도하거나 다시 읽어 확인하세요. 실제 etcd 3.4에서도 “context deadline exceeded”가 출력된 put이 종료된 멤버들이 돌아온 뒤 커밋되어 있었습니다.',

		'stale-serializable-read.title': '고립된 멤버의 오래된 읽기',
		'stale-serializable-read.summary': 'serializable 읽기는 멤버 자신의 사본으로, 오래된 값이라도 답합니다.',
		'stale-serializable-read.instructions':
			'키 foo의 값은 v1 입니다. 팔로워 하나를 나머지 둘과 떼어 놓고, 다수 쪽에서 foo를 바꾼 뒤, 고립된 멤버에서 serializable 읽기 (get foo --consistency=s)로 foo를 읽어 보세요.',
		'stale-serializable-read.hint1': '팔로워 하나만 한쪽에 두도록 네트워크를 나누고, 다른 쪽 멤버에 put foo v2를 보내세요.',
		'stale-serializable-read.hint2': 'serializable 읽기는 리더에게 묻지 않고 멤버 자신의 저장소에서 답합니다.',
		'stale-serializable-read.hint3': '고립된 멤버에 일반 (linearizable) get도 해 보세요: 기다리다가 타임아웃됩니다.',
		'stale-serializable-read.explanation':
			'고립된 멤버는 마지막으로 적용한 값 v1을 그대로 갖고 있고, serializable 읽기는 쿼럼 없이 빠르게 바로 그 값을 돌려줍니다. 여러분이 읽기 전에 v2 쓰기가 이미 성공했는데도 말입니다. linearizable 읽기 (etcd 기본값)는 ReadIndex를 거칩니다: 멤버가 아직 쿼럼에 닿는 리더에게서 최신 커밋 인덱스를 확인해야 하므로, 고립된 멤버에서는 오래된 데이터로 답하는 대신 기다리다가 타임아웃됩니다. serializable 읽기는 최신성을 내주고 가용성과 속도를 얻습니다.',

		'slow-leader-disk.title': '리더의 디스크가 얼마나 느려져야 선거가 시작될까?',
		'slow-leader-disk.summary': '팔로워들이 리더를 포기할 때까지 리더의 fsync를 느리게 해 보세요.',
		'slow-leader-disk.instructions':
			'클라이언트가 초당 20개의 키를 씁니다. 리더의 디스크(fsync 시간)를 단계적으로 느리게 하면서, 팔로워들이 다른 리더를 뽑기까지 얼마나 느려져야 하는지 찾아보세요. 멤버와 네트워크는 건드리지 마세요.',
		'slow-leader-disk.hint1': '리더 카드에서 디스크를 10 ms (HDD), 200 ms, 500 ms, 그 이상으로 바꿔 보세요. 설정마다 몇 초씩 지켜보세요.',
		'slow-leader-disk.hint2': '멤버가 fsync를 기다리는 동안 raft 루프는 아무것도 보내지 않습니다. etcd 로그에서 “leader failed to send out heartbeat on time”을 찾아보세요.',
		'slow-leader-disk.hint3': '팔로워는 선거 타임아웃 (1.0 ~ 1.9초) 동안 아무 소식도 듣지 못하면 선거를 시작합니다.',
		'slow-leader-disk.explanation':
			'etcd의 raft 루프는 단일 스레드입니다: 리더가 WAL fsync를 기다리는 동안에는 하트비트를 보내지 않습니다. fsync가 느려지면 처음에는 쓰기만 느려지고 (모든 쓰기가 리더의 디스크를 기다림) 로그에 “leader failed to send out heartbeat on time … likely from slow disk”가 쌓입니다. fsync 한 번이 팔로워의 선거 타임아웃 (여기서는 --election-timeout 1000 ms에서 나온 1초 남짓)보다 오래 루프를 멈추게 하면, 그 팔로워가 선거를 시작해 리더를 넘겨받습니다. etcd 권장: WAL fsync p99를 10 ms 아래로 유지하세요. 강의 슬라이드처럼 etcd는 SSD 성능에 큰 영향을 받습니다.',

		'rejoin-with-prevote.title': '고립됐던 멤버의 복귀 (PreVote 켜짐)',
		'rejoin-with-prevote.summary': 'PreVote가 있으면 돌아온 멤버가 리더를 방해하지 않습니다.',
		'rejoin-with-prevote.instructions':
			'etcd 3.5 이상처럼 PreVote가 켜져 있습니다. 팔로워 하나를 나머지 둘과 몇 초 동안 떼어 놓았다가 네트워크를 복구하세요. 떨어져 있는 동안과 돌아온 뒤에 그 멤버와 리더의 텀을 지켜보세요.',
		'rejoin-with-prevote.hint1': '선거를 시도했을 만큼 선거 타임아웃의 두 배 (2초) 이상 떼어 놓으세요.',
		'rejoin-with-prevote.hint2': '역할이 사전 후보(pre-candidate)로 바뀝니다: 텀을 올리기 전에 이길 수 있는지 먼저 묻습니다.',
		'rejoin-with-prevote.explanation':
			'PreVote가 켜져 있으면 리더 소식을 듣지 못한 멤버는 텀을 올리지 않고 먼저 다른 멤버들에게 자신에게 투표할지 묻습니다. 고립된 동안에는 사전 투표 과반을 얻지 못하므로 텀이 그대로입니다. 돌아와도 더 높은 텀이 없으니 리더는 같은 텀으로 계속 일하고, 아무도 눈치채지 못합니다. PreVote가 꺼진 다음 문제와 비교해 보세요.',

		'rejoin-without-prevote.title': '고립됐던 멤버의 복귀 (PreVote 꺼짐)',
		'rejoin-without-prevote.summary': 'PreVote가 없으면 돌아온 멤버가 불필요한 선거를 일으킵니다.',
		'rejoin-without-prevote.instructions':
			'etcd 3.5 이전 기본값처럼 PreVote가 꺼져 있습니다. 팔로워 하나를 나머지 둘과 몇 초 동안 떼어 놓았다가 네트워크를 복구하세요. 리더에게 무슨 일이 일어날까요?',
		'rejoin-without-prevote.hint1': '선거 타임아웃의 두 배 (2초) 이상 떼어 놓고 그 멤버의 텀이 오르는 것을 보세요.',
		'rejoin-without-prevote.hint2': '돌아오면 그 멤버의 응답에는 리더보다 높은 텀이 실려 있습니다.',
		'rejoin-without-prevote.explanation':
			'PreVote가 없으면 고립된 멤버는 진짜 선거를 시작해 1 ~ 2초마다 텀이 하나씩 오릅니다. 돌아오면 그 멤버의 메시지에 더 높은 텀이 실려 있고, 더 새로운 텀을 본 리더는 물러납니다. 클러스터는 필요 없는 선거를 치르고 그동안 쓰기는 기다립니다 (실제 etcd 3.4에서 약 1.9초). etcd 3.5부터 기본으로 켜진 PreVote가 바로 이것을 막습니다.',

		'watch-without-leader.title': '리더를 잃었을 때의 watch',
		'watch-without-leader.summary': '자기 멤버에 리더가 없을 때 watch 하던 클라이언트가 보는 것.',
		'watch-without-leader.instructions':
			'클라이언트가 n1에서 키 foo를 watch 하고 있습니다 (etcdctl watch foo). n1이 리더를 잃고 계속 리더가 없도록 만든 뒤 watch가 어떻게 되는지 보세요.',
		'watch-without-leader.hint1': '나머지 두 멤버를 종료하거나, n1을 그들과 떼어 놓으세요.',
		'watch-without-leader.hint2': '멤버는 선거 타임아웃마다 한 번씩 리더가 있는지 확인합니다. 몇 초 기다려 보세요.',
		'watch-without-leader.hint3': 'watch 패널 (또는 클라이언트 요청 기록)에서 watch가 끝나는 것을 볼 수 있습니다.',
		'watch-without-leader.explanation':
			'etcdctl은 “리더 필요(require leader)” 옵션으로 watch 합니다: 세 번 연속 (선거 타임아웃마다 한 번) 확인했는데도 리더가 없는 멤버는 “watch was canceled (etcdserver: no leader)”로 watch를 취소합니다. 이것이 없으면 클러스터에서 고립된 멤버가 아무것도 오지 않는 watch를 조용히 열어 둔 채, 나머지 클러스터는 계속 변해 갑니다. 취소된 watch는 클라이언트에게 리더가 있는 멤버로 다시 접속하라는 신호이고, Kubernetes의 watch 캐시가 이것에 기댑니다.',

		'grow-three-to-five.title': '멤버 3개를 5개로, 안전하게 늘리기',
		'grow-three-to-five.summary': '멤버를 러너로 추가하고, 따라잡게 한 뒤 승격합니다.',
		'grow-three-to-five.instructions':
			'쓰기가 한 번도 거절되지 않게 하면서 투표 멤버를 3개에서 5개로 늘리세요. 새 멤버는 러너로 추가하고(그림 아래 “+ 러너”, 또는 etcdctl member add 이름 --peer-urls=URL --learner), 로그를 따라잡을 때까지 기다린 다음, 인스펙터에서(또는 etcdctl member promote ID로) 승격하세요.',
		'grow-three-to-five.hint1': '러너는 로그를 복제하지만 투표하지 않습니다. 따라잡는 동안 쿼럼은 그대로 3개 중 2개입니다.',
		'grow-three-to-five.hint2': '너무 일찍 승격하면 etcd가 “can only promote a learner member which is in sync with leader”로 거절합니다. 잠시 기다렸다가 다시 해 보세요.',
		'grow-three-to-five.hint3': 'etcd는 러너를 한 번에 하나만 허용합니다. 첫 번째를 승격한 뒤에 두 번째를 추가하세요.',
		'grow-three-to-five.explanation':
			'투표 멤버를 추가하면 새 멤버가 데이터를 하나도 갖기 전에 쿼럼이 바로 올라갑니다. 투표 멤버가 4개면 쿼럼은 3이라서, 새 멤버가 아직 따라잡는 중이거나 끝내 시작하지 않으면 장애 하나만 더 나도 쓰기가 멈춥니다. 러너는 쿼럼을 바꾸지 않습니다. 팔로워처럼 로그를 받고, etcd는 러너의 로그가 리더의 90%에 이른 뒤에야 승격을 허용합니다. 변경은 Raft를 거쳐 하나씩 일어나고, 각 멤버가 그 엔트리를 적용하는 순간 효력이 생깁니다. 투표 멤버 5개는 장애 2개를 견디고, 4개는 3개와 마찬가지로 1개만 견딥니다.',

		'replace-dead-member.title': '죽은 멤버 교체하기',
		'replace-dead-member.summary': 'n3가 영영 죽었습니다. 빼고, 새 멤버를 들이세요.',
		'replace-dead-member.instructions':
			'n3가 죽었고 돌아오지 않습니다. 먼저 클러스터에서 n3를 제거하고, 그다음 새 멤버를 추가해 시작한 뒤, 쓰기가 되는지 보이세요. (순서가 중요합니다.)',
		'replace-dead-member.hint1': '그림에서 n3를 열어 제거하거나, 콘솔에서 member list 와 member remove ID를 실행하세요.',
		'replace-dead-member.hint2': '죽은 멤버를 제거하는 것은 안전합니다. 활성 쿼럼에 들지 않기 때문입니다. 다른 멤버가 죽어 있을 때 살아 있는 멤버를 제거하려 하면 거절됩니다(“unhealthy cluster”).',
		'replace-dead-member.hint3': '그다음 “+ 투표 멤버”로 새 멤버를 추가하면 프로세스도 시작됩니다.',
		'replace-dead-member.explanation':
			'n3가 죽은 상태의 클러스터는 3개 중 2개로 돌아갑니다. 장애가 하나만 더 나면 쓰기가 멈춥니다. 새 멤버를 먼저 추가하면 투표 멤버 4개에 쿼럼 3이 되는데 그중 하나가 죽어 있으니, 장애가 하나 더 나거나 새 멤버가 늦게 시작하면 쓰기가 멈춥니다. 죽은 멤버를 먼저 제거하면 투표 멤버 2개(쿼럼 2)로 줄었다가, 추가로 다시 3개(쿼럼 2, 장애 1개 허용)가 됩니다. etcd 운영 가이드도 같은 순서를 권합니다: 고장 난 멤버를 제거한 다음 대체 멤버를 추가합니다.',

		'one-to-two-trap.title': '1 → 2 함정',
		'one-to-two-trap.summary': '멤버 하나짜리 클러스터에 투표 멤버를 하나 더 추가하면 쓰기가 멈춥니다.',
		'one-to-two-trap.instructions':
			'멤버 하나짜리 클러스터가 쓰기를 처리하고 있습니다. 두 번째 투표 멤버를 시작하지 않은 채로 추가하고(콘솔의 etcdctl member add 이름 --peer-urls=URL 이 바로 그렇게 합니다), 키를 써서 실패하는 것을 보세요. 그다음 새 멤버를 시작하고(인스펙터에서 재시작) 다시 쓰세요.',
		'one-to-two-trap.hint1': '콘솔에서: member add n2 --peer-urls=http://127.0.0.1:12380',
		'one-to-two-trap.hint2': '새 멤버는 그림에 “시작 전”으로 보입니다. 추가는 이미 커밋되었습니다.',
		'one-to-two-trap.hint3': '새 멤버를 열고 재시작을 눌러 프로세스를 시작하세요.',
		'one-to-two-trap.explanation':
			'추가는 기존 투표 멤버 하나만으로 커밋되고 곧바로 효력이 생깁니다. 이제 투표 멤버가 2개, 쿼럼이 2인데 두 번째 멤버에는 아직 프로세스가 없습니다. 리더가 쿼럼에 닿지 못하니 쓰기는 기다리다 타임아웃되고, CheckQuorum 때문에 리더가 물러나기까지 합니다. etcd는 바로 이 경우를 허용합니다(클러스터 복구용으로, 시작된 멤버 하나에 두 번째 멤버를 추가하는 것은 검사를 통과합니다). 그래서 흔한 실수입니다. 새 멤버를 시작하면 로그를 따라잡고 투표하며 쓰기가 돌아옵니다. 처음부터 러너로 추가했다면 중단은 없었습니다.'
	}
};
