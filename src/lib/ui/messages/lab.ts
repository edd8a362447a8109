import type { MessageSet } from '../i18n.svelte';

/** The disk-speed lab and the live latency chart. Korean follows the course's words (쓰기, 노드/멤버, Quorum, 장애). */
const en = {
	title: 'Disk-speed lab',
	pageTitle: 'Disk-speed lab · Quorum Playground',
	pageDescription: 'Write latency of a simulated etcd cluster plotted against WAL fsync time: how much a slow disk costs, and whose disk matters.',
	intro:
		'How much does a slow disk cost a write, and whose disk matters? Every point below is a real run of the simulated etcd cluster, not a formula: clients put keys to the leader, each waiting for its answer before the next put, while the WAL fsync time goes from 0.05 ms (NVMe) to 200 ms (a failing disk).',
	modelNote:
		'A model, not a benchmark: the engine charges time for network hops, fsyncs, a WAL cost per entry written ({wal} µs: encoding and bytes) and a fixed apply step ({apply} ms per write), nothing else for CPU, bandwidth or compaction. Disks have a tail: each fsync adds on average {tail}% of the disk’s fsync time, most add a little, one in ten adds 1 to 10 times that. Every member also has etcd’s backend on the same disk: it commits applied writes every 100 ms with two more syncs and holds a lock the next write’s apply needs while it does.',

	// controls
	controls: 'Experiment',
	slowDisks: 'Slow disk on',
	slow_leader: 'the leader only',
	slow_follower: 'one follower only',
	slow_minority: 'a minority (as many followers as the cluster can lose)',
	slow_everyone: 'every member',
	baselineNote: 'The other disks sync in {ms} ms (an SSD).',
	latency: 'Network latency, one way',
	latHint0: 'one rack',
	latHint1: "one zone, as in etcd's benchmark",
	latHint2: 'across zones',
	latHint3: 'across a metro area',
	latHint4: 'between regions',
	clients: 'Concurrent clients (offered load)',
	clientsHint: 'Each client sends its next put as soon as the last one returns.',
	puts: 'Puts per point',
	run: 'Run sweep',
	cancel: 'Cancel',
	progress: 'Progress',
	status_idle: 'Ready.',
	status_running: 'Running: {done} of {total} experiments…',
	status_done: 'Done: {total} experiments, {cached} of them reused from earlier runs.',
	status_canceled: 'Canceled after {done} of {total} experiments; the finished points are kept.',
	status_error: 'The sweep failed: {message}',
	exportCsv: 'Export CSV',
	exportPng: 'Save chart as PNG',

	// latency chart
	chartTitle: 'Put latency against WAL fsync time',
	chartAria:
		'Line chart: put latency (p50 and p99, milliseconds, log scale) against WAL fsync time (0.05 to 200 ms, log scale), one line per cluster size. The same numbers are in the data table below.',
	xFsync: 'WAL fsync time, each disk’s usual (ms, log scale; its tail comes on top)',
	yLatency: 'Put latency (ms, log scale)',
	size1: '1 member',
	sizeN: '{n} {n|member|members}',
	seriesP50: '{size}, p50',
	seriesP99: '{size}, p99',
	showP50: 'Show p50 (median, solid lines)',
	showP99: 'Show p99 (dashed lines)',
	refGuidance: 'fsync p99 reaches etcd’s 10 ms limit from {ms} ms',
	refIops: '7200 RPM ≈ 50 IOPS (20 ms mean fsync)',
	refHeartbeat: 'late heartbeats ≥ {ms} ms',
	refElections: 'elections from {ms} ms',
	etcdPoint: "etcd's benchmark: 1.6 ms",
	enginePoint: 'engine, same settings: {ms} ms',
	legendNote:
		"Solid lines: median (p50); dashed: p99; each cluster size has its own colour and point shape. The x axis is each disk's usual fsync; one fsync in ten takes 1.25 to 3.5 times as long, so a disk's fsync p99 is {factor} times its usual fsync, and the p99 of puts follows it. The star is etcd's published benchmark (3 members, SSD, 1 client: 1.6 ms), placed at the SSD fsync assumed for it ({fsync} ms); the cross is what this engine gives for the same settings.",
	pending: 'Waiting for the sweep…',
	chartLoading: 'Loading the chart…',
	chartFailed: 'The chart could not be drawn; the data table has the same numbers.',

	// table
	tableSummary: 'Data table (the chart’s numbers)',
	tableCaption: 'Put latency by cluster size and fsync time: slow disk on {slow}, {lat} ms one-way latency, {clients} client(s), {puts} puts per point',
	colSize: 'Members',
	colFsync: 'fsync (ms)',
	colP50: 'p50 (ms)',
	colP99: 'p99 (ms)',
	colMean: 'mean (ms)',
	colThroughput: 'writes/s',
	colBatch: 'writes/fsync',
	colClients: 'Clients',
	colElections: 'Elections',
	colWarnings: 'Late heartbeats',
	colTimeouts: 'Timeouts',

	// findings
	findings: 'What the runs found',
	calibrationTitle: "Against etcd's benchmark",
	calibration:
		"etcd's published benchmark (3 members on Google Compute Engine with SSDs, one client writing to the leader) measured {etcdMs} ms on average and {etcdWps} writes/s. The engine, with {lat} ms one-way latency between members and {clat} ms to the client, a {fsync} ms fsync on every member ({fsyncMean} ms on average with its tail), {wal} µs of WAL per entry and {apply} ms to apply, gives {mean} ms on average ({err} against 1.6 ms; p99 {p99} ms) and {wps} writes/s.",
	calibrationPending: 'Calibrating against etcd’s benchmark…',
	guidanceTitle: 'etcd’s 10 ms fsync guidance',
	guidance:
		'etcd asks for a WAL fsync p99 under 10 ms. The disks here have a tail, as real ones do (on SSDs the fsync p99 is often 2 to 5 times the median; spinning disks are worse): a disk’s fsync p99 is {factor} times its usual fsync. So the guidance is crossed from a usual fsync of {ms} ms, not 10 ms. There, 3 members answer puts in {p50} ms at the median and {p99} ms at p99: what clients see at p99 is the disk’s tail.',
	thresholdTitle: 'When a slow leader disk costs leadership',
	threshold:
		'While the leader waits for its disk its raft loop does nothing else, so its heartbeats wait too. From a leader disk with a usual fsync of {ms} ms ({size} members, this network), its slowest fsyncs hold heartbeats back more than two intervals (200 ms), and etcd logs:',
	thresholdElections:
		'From a usual fsync of {ms} ms the slowest fsyncs outlast a follower’s election timeout (1 to 2 s): it hears nothing, starts an election, and another member takes over. Leadership moves to a member with a faster disk, and the slow member keeps slowing only its own writes.',
	thresholdNone: 'No late heartbeat up to {ms} ms.',
	thresholdPending: 'Searching for the point where leadership is lost…',
	thresholdPerSize: 'Per cluster size: {list}.',
	thresholdItem: '{size}: late heartbeats from {hb} ms, elections from {el} ms',
	gridNote: 'On the swept grid, the first point with late heartbeats is {ms} ms ({size}).',

	// throughput chart
	loadTitle: 'Throughput against offered load',
	loadIntro:
		'Group commit: writes that arrive while a disk is syncing share the next fsync. One client can never beat one write per fsync; more clients put more writes into each fsync, so throughput climbs past the disk’s fsync rate while each write waits a little longer. But every entry in a batch still costs the WAL its bytes, so once batches are big the disk is busy writing, not waiting: throughput flattens and extra clients only add latency.',
	loadFsync: 'fsync for these charts',
	loadAria:
		'Line chart: writes per second (solid lines, left axis) and mean put latency (dashed lines, right axis, log scale) against concurrent clients (1 to 3,000, log scale), one colour per cluster size, with a dotted line at one write per fsync and a star at etcd’s 1,000-client benchmark. The same numbers are in the table below.',
	xClients: 'Concurrent clients (log scale)',
	yThroughput: 'Writes per second (solid lines)',
	yLoadLatency: 'Mean put latency (ms, dashed, log scale)',
	seriesThroughput: '{size}, writes/s',
	seriesLatency: '{size}, mean latency',
	refOnePerFsync: 'one write per fsync: {n} writes/s',
	etcdLoadPoint: "etcd's benchmark: {wps} writes/s at {ms} ms (3 members, 1,000 clients)",
	loadTableCaption: 'Throughput, latency and writes per fsync by offered load: fsync {fsync} ms on {slow}, {lat} ms one-way latency',
	loadSaturated:
		'3 members, fsync {fsync} ms: from 10 to 100 clients throughput grows ×{lowGain}; from {c1} to {c2} clients only ×{highGain}, while the mean latency goes from {lat1} to {lat2} ms. The cluster flattens at about {peak} writes/s (etcd’s benchmark: 44,341 writes/s at 22 ms with 1,000 clients).',
	loadClimbing:
		'3 members, fsync {fsync} ms: from 10 to 100 clients throughput grows ×{lowGain}, and from {c1} to {c2} clients still ×{highGain} (mean latency {lat1} to {lat2} ms): with a disk this slow, even batches of {wpf} writes are mostly waiting for the fsync, so the per-entry cost has not taken over yet. Try a faster disk to see the throughput flatten.',
	loadPending: 'Waiting for the load sweep…',
	batchTitle: 'Writes per fsync: group commit, made visible',
	batchIntro:
		'How many writes the leader’s disk puts into each fsync. One client: one write per fsync, the disk idle between them. More clients: writes pile up while an fsync runs and share the next one ({wpf} per fsync for 3 members at {clients} clients).',
	batchAria:
		'Line chart: writes per fsync on the leader’s disk (log scale) against concurrent clients (1 to 3,000, log scale), one line per cluster size, with a dotted line at one write per fsync. The same numbers are in the table below.',
	yBatch: 'Writes per fsync (leader, log)',
	refBatchOne: 'one write per fsync',

	// explanation
	explainTitle: 'What the numbers say',
	explainParallel:
		'The leader writes its WAL while its entries travel to the followers, not before. With every disk at 10 ms, a put to 3 members takes {p} ms: one fsync (a little over 10 ms with its tail) plus the round trips, not two fsyncs one after the other.',
	explainQuorum:
		'A write commits when the quorum-th fastest member, the leader included, has it on disk. In 5 members the quorum is 3: with two followers’ disks at 100 ms, the leader and two fast followers still make the quorum and a put takes {minority} ms.',
	explainWhose:
		'So whose disk matters? In 5 members with one disk at 100 ms: a slow follower gives {follower} ms, a slow leader {leader} ms. The leader is in every quorum; a follower is one vote among several.',
	explainSize:
		'More members cost latency without buying speed. At 1 ms fsync on every disk: 1 member {s1} ms, 3 members {s3} ms, 5 members {s5} ms, 7 members {s7} ms. More members tolerate more failures (quorum ⌊n/2⌋+1), but every write still waits for a quorum, and a bigger quorum waits for a slower member. In this sweep the engine does not charge the leader for its extra messages; the comparison with real etcd below does (members sharing one machine), and there 5 members are slower than 3, as measured.',
	explainPending: '…',

	// against real etcd
	factsTitle: 'Against real etcd, on a machine like this one',
	factsIntro:
		'Stars are real etcd, measured: 3 members, every member’s disk slowed by D (each fsync waits D longer), one client putting to the leader and waiting for each answer. The line is the engine on the same settings. Up to D = 20 ms a put costs about D; from 50 ms it costs 2 to 3 times D, because etcd’s backend commits its batch every 100 ms with two more syncs on the same disk and holds a lock that the next write’s apply needs. At 50 ms puts alternate between missing a commit (about D) and waiting for one (about 3 x D), in etcd as in the engine, so the median falls between the two.',
	factsMachine:
		'Real etcd: 3.4.23 from Debian’s etcd-server, --pre-vote, heartbeat 100 ms, election 1000 ms, on 2 vCPUs with every member on one ext4 virtio disk and loopback networking; each fsync delayed by D with strace; 3 runs x 300 puts pooled. Engine: the same machine as settings (the disk’s own sync: median 1.2 ms, p99 11.9 ms as measured, plus D; {cpu} ms of CPU per message a member sends), 3 seeds x 100 puts pooled. npm run calibrate:etcd measures real etcd again on your machine.',
	factsChartAria:
		'Line chart: put latency p50 and p99 (log scale) of 3 members against the delay D added to every fsync (0 to 100 ms), real etcd’s measured points as stars and triangles, the engine’s curve as lines. The same numbers are in the table below.',
	factsX: 'Delay added to every fsync, D (ms)',
	factsEngineP50: 'engine p50',
	factsEngineP99: 'engine p99',
	factsEtcdP50: 'real etcd p50',
	factsEtcdP99: 'real etcd p99',
	factsEngine: 'engine',
	factsTableCaption: 'Put latency in ms, 3 members, every disk slowed by D: real etcd (measured) and the engine (its error in %)',
	factsModelledTitle: 'What the engine models',
	factsModelWal:
		'The WAL: every write waits for its fsync; the leader writes while its entries travel, a follower writes before it answers; writes queued during an fsync share the next one.',
	factsModelBackend:
		'The backend (bbolt) on the same disk: applied writes are committed in batches every 100 ms or at 10,000 writes, with two syncs (now and then a third), holding the lock a write’s apply needs. The WAL can get a disk of its own (etcd’s --wal-dir on another device).',
	factsModelTail:
		'Disks with tails: each sync is drawn, seeded, from a spread like the one measured (p99 about 10 times the median) that adds to any slowdown.',
	factsModelLoop:
		'The raft loop’s choice: when a tick and work are both waiting it picks one at random, as Go’s select does, so a leader on a slow disk sends heartbeats late from a fsync of about 100 ms and logs etcd’s warning with the real gap.',
	factsModelCpu: 'Members sharing a machine: every message a member sends costs it some CPU, and now and then it waits for one; so 5 members are slower than 3.',
	factsNotTitle: 'What it does not model',
	factsNot1: 'Network bandwidth, Go’s garbage collector and scheduler beyond that occasional CPU wait, TLS, the gRPC gateway’s own work.',
	factsNot2: 'bbolt’s pages and file growth (only the syncs they cost), the WAL’s segment cuts and preallocation, snapshots’ and compaction’s disk cost.',
	factsNot3: 'A real device’s queue: with injected delays the WAL’s and the backend’s syncs overlap, and so they do here.',
	factsCheck:
		'Held against every target of the comparison: the median within 20% and the p99 within 40% at every D for 3 members, 1 and 5 members within 25%, 20 puts/s within 20%, a slow leader’s puts within 25% and its leadership lost from 1,200 ms (etcd: from 1,000, always at 2,000). tests/unit/etcd-facts.test.ts checks them.',

	// live chart (playground)
	liveTitle: 'Write latency, live',
	liveAria:
		'Chart of each write’s latency (milliseconds, log scale) over simulated time, with writes per second, and vertical marks for kills, partitions, elections and disk changes.',
	liveX: 'Simulated time (s)',
	liveLatency: 'Put latency (ms)',
	liveOk: 'put latency',
	liveFailed: 'timed out / failed',
	liveThroughput: 'writes/s',
	liveElected: 'n{node} leader (term {term})',
	liveEmpty: 'No writes yet.',
	liveSummary: '{n} writes: p50 {p50} ms, p99 {p99} ms; {failed} timed out or failed.',
	liveDemoTitle: 'Live write latency (demo)',
	liveDemoPageTitle: 'Live write latency · Quorum Playground',
	liveDemoIntro:
		'The playground’s live chart on a scripted 20-second run: 3 members, one client putting 50 keys a second to the leader. At 3 s the leader’s disk slows to 40 ms, at 6 s it recovers; at 8 s the leader is killed and a new one is elected; at 11 s it restarts; at 14 s the leader is partitioned away; at 17 s the network heals.',
	liveDemoLink: 'The live latency chart, on a scripted run',
	livePlay: 'Play',
	livePause: 'Pause',
	liveRestart: 'Start over',
	liveClock: 'Simulated time: {s} s of {end} s',
	markDisk: 'n{node} disk {ms} ms',
	markKill: 'kill n{node}',
	markRestart: 'restart n{node}',
	markPartition: 'partition n{node} away',
	markHeal: 'heal'
};

export const lab: MessageSet<typeof en> = {
	en,
	ko: {
		title: '디스크 속도 실험실',
		pageTitle: '디스크 속도 실험실 · Quorum Playground',
		pageDescription: '시뮬레이션한 etcd 클러스터의 쓰기 지연을 WAL fsync 시간에 따라 그린 그래프: 느린 디스크의 비용과, 누구의 디스크가 중요한지.',
		intro:
			'느린 디스크는 쓰기 한 번에 얼마의 비용을 치르게 하고, 누구의 디스크가 중요할까요? 아래의 모든 점은 공식이 아니라 시뮬레이션한 etcd 클러스터를 실제로 돌린 결과입니다. 클라이언트가 리더에게 키를 put 하고, 응답을 받은 뒤에야 다음 put을 보냅니다. 그동안 WAL fsync 시간을 0.05 ms(NVMe)부터 200 ms(고장 나가는 디스크)까지 바꿉니다.',
		modelNote:
			'벤치마크가 아니라 모델입니다. 엔진은 네트워크 전달, fsync, 기록하는 엔트리마다의 WAL 비용({wal} µs: 인코딩과 바이트), 고정된 적용 단계(쓰기당 {apply} ms)에만 시간을 매기고, 그 밖의 CPU·대역폭·컴팩션에는 시간을 매기지 않습니다. 디스크에는 꼬리 지연이 있습니다. fsync마다 평균적으로 디스크 fsync 시간의 {tail}%가 더해지는데, 대부분은 조금만 더해지고 열 번에 한 번은 그 1~10배가 더해집니다. 모든 멤버에는 같은 디스크를 쓰는 etcd의 백엔드도 있습니다. 적용된 쓰기를 100 ms마다 동기화 두 번으로 커밋하고, 그동안 다음 쓰기의 적용에 필요한 잠금을 쥡니다.',

		controls: '실험 설정',
		slowDisks: '느린 디스크 위치',
		slow_leader: '리더만',
		slow_follower: '팔로워 하나만',
		slow_minority: '소수(클러스터가 잃어도 되는 만큼의 팔로워)',
		slow_everyone: '모든 멤버',
		baselineNote: '나머지 디스크의 fsync는 {ms} ms(SSD)입니다.',
		latency: '네트워크 지연(편도)',
		latHint0: '같은 랙',
		latHint1: '같은 존, etcd 벤치마크와 같은 조건',
		latHint2: '존 사이',
		latHint3: '같은 도시권',
		latHint4: '리전 사이',
		clients: '동시 클라이언트 수(부하)',
		clientsHint: '각 클라이언트는 이전 put의 응답을 받자마자 다음 put을 보냅니다.',
		puts: '점마다 put 횟수',
		run: '실험 실행',
		cancel: '취소',
		progress: '진행률',
		status_idle: '준비됨.',
		status_running: '실행 중: 실험 {total}개 중 {done}개…',
		status_done: '완료: 실험 {total}개, 그중 {cached}개는 이전 결과를 재사용했습니다.',
		status_canceled: '실험 {total}개 중 {done}개에서 취소했습니다. 끝난 점은 남겨 둡니다.',
		status_error: '실험이 실패했습니다: {message}',
		exportCsv: 'CSV 내보내기',
		exportPng: '그래프를 PNG로 저장',

		chartTitle: 'WAL fsync 시간에 따른 put 지연',
		chartAria:
			'선 그래프: WAL fsync 시간(0.05~200 ms, 로그 눈금)에 따른 put 지연(p50과 p99, 밀리초, 로그 눈금). 클러스터 크기마다 선 하나. 같은 숫자가 아래 데이터 표에 있습니다.',
		xFsync: '디스크의 평소 WAL fsync 시간(ms, 로그 눈금, 꼬리 지연은 그 위에 더해짐)',
		yLatency: 'put 지연(ms, 로그 눈금)',
		size1: '멤버 1개',
		sizeN: '멤버 {n}개',
		seriesP50: '{size}, p50',
		seriesP99: '{size}, p99',
		showP50: 'p50(중앙값, 실선) 보기',
		showP99: 'p99(점선) 보기',
		refGuidance: '{ms} ms부터 fsync p99가 etcd 한도 10 ms에 도달',
		refIops: '7200 RPM ≈ 50 IOPS (평균 fsync 20 ms)',
		refHeartbeat: '하트비트 지연 ≥ {ms} ms',
		refElections: '{ms} ms부터 선거',
		etcdPoint: 'etcd 벤치마크: 1.6 ms',
		enginePoint: '같은 설정의 엔진: {ms} ms',
		legendNote:
			'실선은 중앙값(p50), 점선은 p99 입니다. 클러스터 크기마다 색과 점 모양이 다릅니다. 가로축은 각 디스크의 평소 fsync 시간입니다. fsync 열 번 중 한 번은 1.25~3.5배 걸리므로 디스크의 fsync p99는 평소 fsync의 {factor}배이고, put의 p99도 이를 따라갑니다. 별표는 etcd가 공개한 벤치마크(멤버 3개, SSD, 클라이언트 1개: 1.6 ms)로, 그 환경에 가정한 SSD fsync({fsync} ms) 위치에 놓았습니다. 가위표는 같은 설정에서 이 엔진이 낸 값입니다.',
		pending: '실험 결과를 기다리는 중…',
		chartLoading: '그래프를 불러오는 중…',
		chartFailed: '그래프를 그리지 못했습니다. 데이터 표에 같은 숫자가 있습니다.',

		tableSummary: '데이터 표(그래프의 숫자)',
		tableCaption: '클러스터 크기와 fsync 시간별 put 지연: 느린 디스크 {slow}, 편도 지연 {lat} ms, 클라이언트 {clients}개, 점마다 put {puts}번',
		colSize: '멤버 수',
		colFsync: 'fsync (ms)',
		colP50: 'p50 (ms)',
		colP99: 'p99 (ms)',
		colMean: '평균 (ms)',
		colThroughput: '초당 쓰기',
		colBatch: 'fsync당 쓰기',
		colClients: '클라이언트',
		colElections: '선거',
		colWarnings: '하트비트 지연',
		colTimeouts: '타임아웃',

		findings: '실험에서 찾은 것',
		calibrationTitle: 'etcd 벤치마크와 비교',
		calibration:
			'etcd가 공개한 벤치마크(Google Compute Engine, SSD, 멤버 3개, 클라이언트 1개가 리더에게 쓰기)는 평균 {etcdMs} ms, 초당 {etcdWps}건을 기록했습니다. 이 엔진은 멤버 사이 편도 지연 {lat} ms, 클라이언트까지 {clat} ms, 모든 멤버의 fsync {fsync} ms(꼬리 지연을 더한 평균 {fsyncMean} ms), 엔트리당 WAL {wal} µs, 적용 {apply} ms로 평균 {mean} ms(1.6 ms 대비 {err}, p99 {p99} ms), 초당 {wps}건을 냅니다.',
		calibrationPending: 'etcd 벤치마크와 맞춰 보는 중…',
		guidanceTitle: 'etcd의 10 ms fsync 권장치',
		guidance:
			'etcd는 WAL fsync p99를 10 ms 아래로 유지하라고 권장합니다. 이곳의 디스크는 실제 디스크처럼 꼬리 지연이 있습니다(SSD의 fsync p99는 흔히 중앙값의 2~5배이고, 회전 디스크는 더 나쁩니다). 디스크의 fsync p99는 평소 fsync의 {factor}배입니다. 그래서 권장치는 평소 fsync가 10 ms 일 때가 아니라 {ms} ms 일 때부터 넘어섭니다. 그때 멤버 3개의 put은 중앙값 {p50} ms, p99 {p99} ms 입니다. 클라이언트가 p99에서 보는 것은 디스크의 꼬리 지연입니다.',
		thresholdTitle: '느린 리더 디스크가 리더 자리를 잃게 하는 지점',
		threshold:
			'리더가 디스크를 기다리는 동안에는 raft 루프가 다른 일을 하지 못하므로 하트비트도 함께 기다립니다. 리더 디스크의 평소 fsync가 {ms} ms 이상이면(멤버 {size}개, 현재 네트워크) 가장 느린 fsync 들이 하트비트를 두 주기(200 ms) 넘게 붙잡고, etcd는 다음 경고를 남깁니다:',
		thresholdElections:
			'평소 fsync가 {ms} ms 부터는 가장 느린 fsync가 팔로워의 선거 타임아웃(1~2초)보다 길어집니다. 팔로워는 아무것도 받지 못해 선거를 시작하고, 다른 멤버가 리더가 됩니다. 리더 자리는 더 빠른 디스크를 가진 멤버로 옮겨 가고, 느린 멤버는 자기 쓰기만 늦춥니다.',
		thresholdNone: '{ms} ms까지 하트비트 지연이 없습니다.',
		thresholdPending: '리더 자리를 잃는 지점을 찾는 중…',
		thresholdPerSize: '클러스터 크기별: {list}.',
		thresholdItem: '{size}: 하트비트 지연 {hb} ms부터, 선거 {el} ms부터',
		gridNote: '실험 격자에서 하트비트 지연이 처음 나온 점은 {ms} ms ({size}) 입니다.',

		loadTitle: '부하에 따른 처리량',
		loadIntro:
			'그룹 커밋: 디스크가 fsync 하는 동안 도착한 쓰기들은 다음 fsync 하나를 함께 씁니다. 클라이언트 하나로는 fsync 한 번에 쓰기 한 건을 넘을 수 없지만, 클라이언트가 많아지면 fsync 한 번에 더 많은 쓰기가 담겨 처리량이 디스크의 fsync 속도를 넘어섭니다. 대신 쓰기 하나하나는 조금 더 기다립니다. 그래도 묶음 안의 엔트리마다 WAL에 바이트를 써야 하므로, 묶음이 커지면 디스크는 기다리는 대신 쓰느라 바쁩니다. 처리량은 평평해지고, 클라이언트를 더 늘리면 지연만 늘어납니다.',
		loadFsync: '이 그래프들의 fsync',
		loadAria:
			'선 그래프: 동시 클라이언트 수(1~3,000, 로그 눈금)에 따른 초당 쓰기 수(실선, 왼쪽 축)와 평균 put 지연(점선, 오른쪽 축, 로그 눈금). 클러스터 크기마다 색 하나, fsync 한 번에 쓰기 한 건인 지점에 점선, etcd의 클라이언트 1,000개 벤치마크에 별표. 같은 숫자가 아래 표에 있습니다.',
		xClients: '동시 클라이언트 수(로그 눈금)',
		yThroughput: '초당 쓰기 수(실선)',
		yLoadLatency: '평균 put 지연(ms, 점선, 로그 눈금)',
		seriesThroughput: '{size}, 초당 쓰기',
		seriesLatency: '{size}, 평균 지연',
		refOnePerFsync: 'fsync 한 번에 쓰기 한 건: 초당 {n}건',
		etcdLoadPoint: 'etcd 벤치마크: 초당 {wps}건, {ms} ms(멤버 3개, 클라이언트 1,000개)',
		loadTableCaption: '부하별 처리량, 지연, fsync당 쓰기: {slow}의 fsync {fsync} ms, 편도 지연 {lat} ms',
		loadSaturated:
			'멤버 3개, fsync {fsync} ms: 클라이언트 10개에서 100개로 늘리면 처리량이 ×{lowGain} 늘지만, {c1}개에서 {c2}개로 늘리면 ×{highGain}에 그치고 평균 지연은 {lat1} ms에서 {lat2} ms로 늘어납니다. 클러스터는 초당 약 {peak}건에서 평평해집니다(etcd 벤치마크: 클라이언트 1,000개에서 초당 44,341건, 22 ms).',
		loadClimbing:
			'멤버 3개, fsync {fsync} ms: 클라이언트 10개에서 100개로 늘리면 처리량이 ×{lowGain}, {c1}개에서 {c2}개로 늘려도 여전히 ×{highGain} 늘어납니다(평균 지연 {lat1} ms에서 {lat2} ms). 디스크가 이만큼 느리면 {wpf}건짜리 묶음도 대부분 fsync를 기다리는 시간이라, 엔트리당 비용이 아직 지배하지 않습니다. 더 빠른 디스크를 골라 처리량이 평평해지는 것을 보세요.',
		loadPending: '부하 실험 결과를 기다리는 중…',
		batchTitle: 'fsync당 쓰기 수: 눈에 보이는 그룹 커밋',
		batchIntro:
			'리더의 디스크가 fsync 한 번에 쓰기를 몇 건 담는지 보여 줍니다. 클라이언트 하나: fsync 한 번에 쓰기 한 건, 그 사이 디스크는 놉니다. 클라이언트가 많으면: fsync가 도는 동안 쓰기가 쌓여 다음 fsync를 함께 씁니다(멤버 3개, 클라이언트 {clients}개에서 fsync 한 번에 {wpf}건).',
		batchAria:
			'선 그래프: 동시 클라이언트 수(1~3,000, 로그 눈금)에 따른 리더 디스크의 fsync당 쓰기 수(로그 눈금). 클러스터 크기마다 선 하나, fsync 한 번에 쓰기 한 건인 지점에 점선. 같은 숫자가 아래 표에 있습니다.',
		yBatch: '리더의 fsync당 쓰기(로그)',
		refBatchOne: 'fsync 한 번에 쓰기 한 건',

		explainTitle: '숫자가 말해 주는 것',
		explainParallel:
			'리더는 엔트리를 팔로워에게 보내는 동시에 자기 WAL을 씁니다. 먼저 쓰고 나서 보내지 않습니다. 모든 디스크가 10 ms 일 때 멤버 3개에 put 하면 {p} ms가 걸립니다. fsync 두 번을 차례로 기다리는 것이 아니라 fsync 한 번(꼬리 지연 때문에 10 ms를 조금 넘음)과 왕복 시간입니다.',
		explainQuorum:
			'쓰기는 리더를 포함해 쿼럼 번째로 빠른 멤버가 디스크에 저장했을 때 커밋됩니다. 멤버 5개의 쿼럼은 3 입니다. 팔로워 두 개의 디스크가 100 ms 여도 리더와 빠른 팔로워 둘이 쿼럼을 이루므로 put은 {minority} ms 입니다.',
		explainWhose:
			'그렇다면 누구의 디스크가 중요할까요? 멤버 5개에서 디스크 하나가 100 ms 일 때, 느린 팔로워는 {follower} ms, 느린 리더는 {leader} ms 입니다. 리더는 모든 쿼럼에 들어가지만, 팔로워는 여러 표 중 하나일 뿐입니다.',
		explainSize:
			'멤버를 늘리면 지연은 늘고 속도는 얻지 못합니다. 모든 디스크가 1 ms 일 때: 멤버 1개 {s1} ms, 3개 {s3} ms, 5개 {s5} ms, 7개 {s7} ms. 멤버가 많을수록 더 많은 장애를 허용하지만(Quorum ⌊n/2⌋+1), 모든 쓰기는 여전히 쿼럼을 기다리고, 쿼럼이 클수록 더 느린 멤버를 기다립니다. 이 실험에서 엔진은 리더가 더 보내는 메시지에 비용을 매기지 않습니다. 아래 실제 etcd와의 비교에서는 매기며(한 기계를 나눠 쓰는 멤버), 거기서는 잰 값처럼 멤버 5개가 3개보다 느립니다.',
		explainPending: '…',

		factsTitle: '실제 etcd와 비교: 이 기계와 같은 환경에서',
		factsIntro:
			'별표는 실제로 잰 etcd입니다. 멤버 3개, 모든 멤버의 디스크를 D만큼 느리게 하고(fsync마다 D를 더 기다림), 클라이언트 하나가 리더에 put 하면서 응답을 받을 때마다 다음 put을 보냈습니다. 선은 같은 설정으로 돌린 엔진입니다. D가 20 ms까지는 put 한 번에 D 정도가 들지만, 50 ms부터는 D의 2~3배가 듭니다. etcd의 백엔드가 100 ms마다 모아 둔 쓰기를 같은 디스크에 동기화 두 번으로 커밋하고, 그동안 다음 쓰기의 적용에 필요한 잠금을 쥐고 있기 때문입니다. 50 ms에서는 put이 커밋을 피하거나(약 D) 커밋을 기다리기를(약 D의 3배) 번갈아 하므로, etcd에서도 엔진에서도 중앙값이 두 값 사이에 놓입니다.',
		factsMachine:
			'실제 etcd: Debian etcd-server의 3.4.23, --pre-vote, 하트비트 100 ms, 선거 1000 ms. vCPU 2개, 모든 멤버가 ext4 virtio 디스크 하나를 함께 쓰고 loopback으로 통신합니다. strace로 fsync마다 D를 늦췄고, 300번씩 3회 잰 값을 합쳤습니다. 엔진: 같은 기계를 설정으로 옮겼습니다(디스크 자체의 동기화는 잰 값대로 중앙값 1.2 ms, p99 11.9 ms에 D를 더함, 멤버가 메시지를 하나 보낼 때마다 CPU {cpu} ms). 시드 3개로 100번씩 돌렸습니다. npm run calibrate:etcd를 실행하면 내 기계에서 실제 etcd를 다시 잽니다.',
		factsChartAria:
			'선 그래프: 모든 fsync에 더한 지연 D(0~100 ms)에 따른 멤버 3개의 put 지연 p50과 p99(로그 눈금). 실제 etcd를 잰 값은 별표와 삼각형, 엔진은 선으로 표시합니다. 같은 숫자가 아래 표에 있습니다.',
		factsX: '모든 fsync에 더한 지연 D(ms)',
		factsEngineP50: '엔진 p50',
		factsEngineP99: '엔진 p99',
		factsEtcdP50: '실제 etcd p50',
		factsEtcdP99: '실제 etcd p99',
		factsEngine: '엔진',
		factsTableCaption: '멤버 3개, 모든 디스크를 D만큼 늦췄을 때 put 지연(ms): 실제 etcd(잰 값)와 엔진(오차 %)',
		factsModelledTitle: '엔진이 모델링하는 것',
		factsModelWal:
			'WAL: 모든 쓰기는 fsync를 기다립니다. 리더는 엔트리를 보내는 동안 쓰고, 팔로워는 쓴 다음에 응답합니다. fsync 중에 쌓인 쓰기는 다음 fsync를 함께 씁니다.',
		factsModelBackend:
			'같은 디스크 위의 백엔드(bbolt): 적용된 쓰기를 100 ms마다 또는 10,000건마다 모아서 동기화 두 번(가끔 세 번)으로 커밋하고, 그동안 쓰기 적용에 필요한 잠금을 쥡니다. WAL에 디스크를 따로 줄 수도 있습니다(etcd의 --wal-dir을 다른 장치에).',
		factsModelTail:
			'꼬리 지연이 있는 디스크: 동기화 시간마다 잰 것과 같은 분포(p99가 중앙값의 약 10배)에서 시드에 따라 뽑고, 디스크를 늦춘 만큼 그 위에 더합니다.',
		factsModelLoop:
			'raft 루프의 선택: 틱과 할 일이 함께 기다리면 Go의 select처럼 무작위로 하나를 고릅니다. 그래서 느린 디스크의 리더는 fsync가 100 ms 정도일 때부터 하트비트를 늦게 보내고, etcd의 경고를 실제 간격과 함께 남깁니다.',
		factsModelCpu: '한 기계를 나눠 쓰는 멤버: 멤버가 메시지를 보낼 때마다 CPU 시간이 들고, 가끔은 CPU를 기다립니다. 그래서 멤버 5개가 3개보다 느립니다.',
		factsNotTitle: '모델링하지 않는 것',
		factsNot1: '네트워크 대역폭, 가끔 CPU를 기다리는 것 말고는 Go의 가비지 컬렉터와 스케줄러, TLS, gRPC 게이트웨이 자체의 일.',
		factsNot2: 'bbolt의 페이지와 파일 증가(그에 드는 동기화만), WAL 세그먼트 교체와 미리 할당, 스냅숏과 컴팩션의 디스크 비용.',
		factsNot3: '실제 장치의 큐: 지연을 주입하면 WAL과 백엔드의 동기화가 겹치므로, 여기서도 겹칩니다.',
		factsCheck:
			'비교의 목표를 모두 맞춥니다. 멤버 3개는 모든 D에서 중앙값 20%, p99 40% 안, 멤버 1개와 5개는 25% 안, 초당 put 20건은 20% 안, 느린 리더의 put은 25% 안이고, 리더십은 1,200 ms부터 잃습니다(etcd: 1,000부터, 2,000에서는 늘). tests/unit/etcd-facts.test.ts가 이를 확인합니다.',

		liveTitle: '실시간 쓰기 지연',
		liveAria:
			'시뮬레이션 시간에 따른 쓰기마다의 지연(밀리초, 로그 눈금)과 초당 쓰기 수 그래프. 노드 종료, 네트워크 분할, 선거, 디스크 변경은 세로 표시로 나타납니다.',
		liveX: '시뮬레이션 시간(초)',
		liveLatency: 'put 지연(ms)',
		liveOk: 'put 지연',
		liveFailed: '타임아웃/실패',
		liveThroughput: '초당 쓰기',
		liveElected: 'n{node} 리더(term {term})',
		liveEmpty: '아직 쓰기가 없습니다.',
		liveSummary: '쓰기 {n}건: p50 {p50} ms, p99 {p99} ms, 타임아웃 또는 실패 {failed}건.',
		liveDemoTitle: '실시간 쓰기 지연(데모)',
		liveDemoPageTitle: '실시간 쓰기 지연 · Quorum Playground',
		liveDemoIntro:
			'플레이그라운드의 실시간 그래프를 20초짜리 각본으로 돌려 봅니다. 멤버 3개, 클라이언트 하나가 리더에게 초당 50번 put 합니다. 3초에 리더의 디스크가 40 ms로 느려지고 6초에 회복됩니다. 8초에 리더를 종료하면 새 리더가 선출되고, 11초에 다시 시작합니다. 14초에 리더를 네트워크에서 분할하고 17초에 복구합니다.',
		liveDemoLink: '실시간 지연 그래프를 각본 실행으로 보기',
		livePlay: '재생',
		livePause: '일시 정지',
		liveRestart: '처음부터',
		liveClock: '시뮬레이션 시간: {end}초 중 {s}초',
		markDisk: 'n{node} 디스크 {ms} ms',
		markKill: 'n{node} 종료',
		markRestart: 'n{node} 재시작',
		markPartition: 'n{node} 분할',
		markHeal: '네트워크 복구'
	}
};
