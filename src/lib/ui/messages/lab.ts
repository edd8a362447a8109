import type { MessageSet } from '../i18n.svelte';

/** The disk-speed lab and the live latency chart. Korean follows the course's words (쓰기, 노드/멤버, Quorum, 장애). */
const en = {
	title: 'Disk-speed lab',
	pageTitle: 'Disk-speed lab · Quorum Playground',
	pageDescription: 'Write latency of a simulated etcd cluster plotted against WAL fsync time: how much a slow disk costs, and whose disk matters.',
	intro:
		'How much does a slow disk cost a write, and whose disk matters? Every point below is a real run of the simulated etcd cluster, not a formula: clients put keys to the leader, each waiting for its answer before the next put, while the WAL fsync time goes from 0.05 ms (NVMe) to 200 ms (a failing disk).',
	modelNote:
		'A model, not a benchmark: the engine charges time for network hops, fsyncs and a fixed apply step ({apply} ms per write), nothing for CPU, bandwidth or compaction.',

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
	xFsync: 'WAL fsync time (ms, log scale)',
	yLatency: 'Put latency (ms, log scale)',
	size1: '1 member',
	sizeN: '{n} members',
	seriesP50: '{size}, p50',
	seriesP99: '{size}, p99',
	showP50: 'Show p50 (median, solid lines)',
	showP99: 'Show p99 (dashed lines)',
	refGuidance: 'etcd: WAL fsync p99 < 10 ms',
	refIops: '7200 RPM ≈ 50 IOPS',
	refHeartbeat: 'late heartbeats ≥ {ms} ms',
	refElections: 'elections from {ms} ms',
	etcdPoint: "etcd's benchmark: 1.6 ms",
	enginePoint: 'engine, same settings: {ms} ms',
	legendNote:
		"Solid lines: median (p50); dashed: p99; each cluster size has its own colour and point shape. The star is etcd's published benchmark (3 members, SSD, 1 client: 1.6 ms), placed at the SSD fsync assumed for it ({fsync} ms); the cross is what this engine gives for the same settings.",
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
	colClients: 'Clients',
	colElections: 'Elections',
	colWarnings: 'Late heartbeats',
	colTimeouts: 'Timeouts',

	// findings
	findings: 'What the runs found',
	calibrationTitle: "Against etcd's benchmark",
	calibration:
		"etcd's published benchmark (3 members on Google Compute Engine with SSDs, one client writing to the leader) measured {etcdMs} ms on average and {etcdWps} writes/s. The engine, with {lat} ms one-way latency between members and {clat} ms to the client, a {fsync} ms fsync on every member and {apply} ms to apply, gives {mean} ms on average ({err} against 1.6 ms; p99 {p99} ms) and {wps} writes/s.",
	calibrationPending: 'Calibrating against etcd’s benchmark…',
	thresholdTitle: 'When a slow leader disk costs leadership',
	threshold:
		'While the leader waits for its disk its raft loop does nothing else, so its heartbeats wait too. From a leader fsync of {ms} ms ({size} members, this network) heartbeats go out more than two intervals (200 ms) apart, and etcd logs:',
	thresholdElections:
		'From {ms} ms a follower hears nothing for longer than its election timeout (1 s): it starts an election and another member takes over. Leadership moves to a member with a faster disk, and the slow member keeps slowing only its own writes.',
	thresholdNone: 'No late heartbeat up to {ms} ms.',
	thresholdPending: 'Searching for the point where leadership is lost…',
	thresholdPerSize: 'Per cluster size: {list}.',
	thresholdItem: '{size}: late heartbeats from {hb} ms, elections from {el} ms',
	gridNote: 'On the swept grid, the first point with late heartbeats is {ms} ms ({size}).',

	// throughput chart
	loadTitle: 'Throughput against offered load',
	loadIntro:
		'Group commit: writes that arrive while a disk is syncing share the next fsync. One client can never beat one write per fsync; more clients put more writes into each fsync, so throughput climbs past the disk’s fsync rate while each write waits a little longer.',
	loadFsync: 'fsync for this chart',
	loadAria:
		'Line chart: writes per second (log scale) against concurrent clients (1 to 64, log scale), one line per cluster size, with a dashed line at one write per fsync. The same numbers are in the table below.',
	xClients: 'Concurrent clients (log scale)',
	yThroughput: 'Writes per second (log scale)',
	refOnePerFsync: 'one write per fsync: {n} writes/s',
	loadTableCaption: 'Throughput and latency by offered load: fsync {fsync} ms on {slow}, {lat} ms one-way latency',
	loadNote:
		'The engine charges nothing per write inside a batch, so its throughput keeps growing with clients; a real server runs out of CPU and bandwidth first (etcd’s own benchmark: 44,341 writes/s at 22 ms with 1,000 clients).',

	// explanation
	explainTitle: 'What the numbers say',
	explainParallel:
		'The leader writes its WAL while its entries travel to the followers, not before. With every disk at 10 ms, a put to 3 members takes {p} ms: one fsync plus the round trips, not two fsyncs one after the other.',
	explainQuorum:
		'A write commits when the quorum-th fastest member, the leader included, has it on disk. In 5 members the quorum is 3: with two followers’ disks at 100 ms, the leader and two fast followers still make the quorum and a put takes {minority} ms.',
	explainWhose:
		'So whose disk matters? In 5 members with one disk at 100 ms: a slow follower gives {follower} ms, a slow leader {leader} ms. The leader is in every quorum; a follower is one vote among several.',
	explainSize:
		'More members cost latency without buying speed. At 1 ms fsync on every disk: 1 member {s1} ms, 3 members {s3} ms, 5 members {s5} ms, 7 members {s7} ms. More members tolerate more failures (quorum ⌊n/2⌋+1), but every write still waits for a quorum, and a bigger quorum waits for a slower member. The engine does not charge the leader for its extra messages; real etcd measured here went from 1.39 ms with 3 members to 2.17 ms with 5.',
	explainPending: '…',

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
			'느린 디스크는 쓰기 한 번에 얼마의 비용을 치르게 하고, 누구의 디스크가 중요할까요? 아래의 모든 점은 공식이 아니라 시뮬레이션한 etcd 클러스터를 실제로 돌린 결과입니다. 클라이언트가 리더에게 키를 put 하고, 응답을 받은 뒤에야 다음 put 을 보냅니다. 그동안 WAL fsync 시간을 0.05 ms(NVMe)부터 200 ms(고장 나가는 디스크)까지 바꿉니다.',
		modelNote:
			'벤치마크가 아니라 모델입니다. 엔진은 네트워크 전달, fsync, 고정된 적용 단계(쓰기당 {apply} ms)에만 시간을 매기고, CPU·대역폭·컴팩션에는 시간을 매기지 않습니다.',

		controls: '실험 설정',
		slowDisks: '느린 디스크 위치',
		slow_leader: '리더만',
		slow_follower: '팔로워 하나만',
		slow_minority: '소수(클러스터가 잃어도 되는 만큼의 팔로워)',
		slow_everyone: '모든 멤버',
		baselineNote: '나머지 디스크의 fsync 는 {ms} ms(SSD)입니다.',
		latency: '네트워크 지연(편도)',
		latHint0: '같은 랙',
		latHint1: '같은 존, etcd 벤치마크와 같은 조건',
		latHint2: '존 사이',
		latHint3: '같은 도시권',
		latHint4: '리전 사이',
		clients: '동시 클라이언트 수(부하)',
		clientsHint: '각 클라이언트는 이전 put 의 응답을 받자마자 다음 put 을 보냅니다.',
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
		exportPng: '그래프를 PNG 로 저장',

		chartTitle: 'WAL fsync 시간에 따른 put 지연',
		chartAria:
			'선 그래프: WAL fsync 시간(0.05~200 ms, 로그 눈금)에 따른 put 지연(p50 과 p99, 밀리초, 로그 눈금). 클러스터 크기마다 선 하나. 같은 숫자가 아래 데이터 표에 있습니다.',
		xFsync: 'WAL fsync 시간(ms, 로그 눈금)',
		yLatency: 'put 지연(ms, 로그 눈금)',
		size1: '멤버 1개',
		sizeN: '멤버 {n}개',
		seriesP50: '{size}, p50',
		seriesP99: '{size}, p99',
		showP50: 'p50(중앙값, 실선) 보기',
		showP99: 'p99(점선) 보기',
		refGuidance: 'etcd 권장: WAL fsync p99 < 10 ms',
		refIops: '7200 RPM ≈ 50 IOPS',
		refHeartbeat: '하트비트 지연 ≥ {ms} ms',
		refElections: '{ms} ms 부터 선거',
		etcdPoint: 'etcd 벤치마크: 1.6 ms',
		enginePoint: '같은 설정의 엔진: {ms} ms',
		legendNote:
			'실선은 중앙값(p50), 점선은 p99 입니다. 클러스터 크기마다 색과 점 모양이 다릅니다. 별표는 etcd 가 공개한 벤치마크(멤버 3개, SSD, 클라이언트 1개: 1.6 ms)로, 그 환경에 가정한 SSD fsync({fsync} ms) 위치에 놓았습니다. 가위표는 같은 설정에서 이 엔진이 낸 값입니다.',
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
		colClients: '클라이언트',
		colElections: '선거',
		colWarnings: '하트비트 지연',
		colTimeouts: '타임아웃',

		findings: '실험에서 찾은 것',
		calibrationTitle: 'etcd 벤치마크와 비교',
		calibration:
			'etcd 가 공개한 벤치마크(Google Compute Engine, SSD, 멤버 3개, 클라이언트 1개가 리더에게 쓰기)는 평균 {etcdMs} ms, 초당 {etcdWps}건을 기록했습니다. 이 엔진은 멤버 사이 편도 지연 {lat} ms, 클라이언트까지 {clat} ms, 모든 멤버의 fsync {fsync} ms, 적용 {apply} ms 로 평균 {mean} ms(1.6 ms 대비 {err}, p99 {p99} ms), 초당 {wps}건을 냅니다.',
		calibrationPending: 'etcd 벤치마크와 맞춰 보는 중…',
		thresholdTitle: '느린 리더 디스크가 리더 자리를 잃게 하는 지점',
		threshold:
			'리더가 디스크를 기다리는 동안에는 raft 루프가 다른 일을 하지 못하므로 하트비트도 함께 기다립니다. 리더의 fsync 가 {ms} ms 이상이면(멤버 {size}개, 현재 네트워크) 하트비트 간격이 두 주기(200 ms)를 넘고, etcd 는 다음 경고를 남깁니다:',
		thresholdElections:
			'{ms} ms 부터는 팔로워가 선거 타임아웃(1초)보다 오래 아무것도 받지 못해 선거를 시작하고, 다른 멤버가 리더가 됩니다. 리더 자리는 더 빠른 디스크를 가진 멤버로 옮겨 가고, 느린 멤버는 자기 쓰기만 늦춥니다.',
		thresholdNone: '{ms} ms 까지 하트비트 지연이 없습니다.',
		thresholdPending: '리더 자리를 잃는 지점을 찾는 중…',
		thresholdPerSize: '클러스터 크기별: {list}.',
		thresholdItem: '{size}: 하트비트 지연 {hb} ms 부터, 선거 {el} ms 부터',
		gridNote: '실험 격자에서 하트비트 지연이 처음 나온 점은 {ms} ms ({size}) 입니다.',

		loadTitle: '부하에 따른 처리량',
		loadIntro:
			'그룹 커밋: 디스크가 fsync 하는 동안 도착한 쓰기들은 다음 fsync 하나를 함께 씁니다. 클라이언트 하나로는 fsync 한 번에 쓰기 한 건을 넘을 수 없지만, 클라이언트가 많아지면 fsync 한 번에 더 많은 쓰기가 담겨 처리량이 디스크의 fsync 속도를 넘어섭니다. 대신 쓰기 하나하나는 조금 더 기다립니다.',
		loadFsync: '이 그래프의 fsync',
		loadAria:
			'선 그래프: 동시 클라이언트 수(1~64, 로그 눈금)에 따른 초당 쓰기 수(로그 눈금). 클러스터 크기마다 선 하나, fsync 한 번에 쓰기 한 건인 지점에 점선. 같은 숫자가 아래 표에 있습니다.',
		xClients: '동시 클라이언트 수(로그 눈금)',
		yThroughput: '초당 쓰기 수(로그 눈금)',
		refOnePerFsync: 'fsync 한 번에 쓰기 한 건: 초당 {n}건',
		loadTableCaption: '부하별 처리량과 지연: {slow}의 fsync {fsync} ms, 편도 지연 {lat} ms',
		loadNote:
			'엔진은 묶음 안의 쓰기 한 건마다 비용을 매기지 않아서 클라이언트가 늘수록 처리량도 계속 늘어납니다. 실제 서버는 그 전에 CPU 와 대역폭이 먼저 바닥납니다(etcd 자체 벤치마크: 클라이언트 1,000개에서 초당 44,341건, 22 ms).',

		explainTitle: '숫자가 말해 주는 것',
		explainParallel:
			'리더는 엔트리를 팔로워에게 보내는 동시에 자기 WAL 을 씁니다. 먼저 쓰고 나서 보내지 않습니다. 모든 디스크가 10 ms 일 때 멤버 3개에 put 하면 {p} ms 가 걸립니다. fsync 두 번을 차례로 기다리는 것이 아니라 fsync 한 번과 왕복 시간입니다.',
		explainQuorum:
			'쓰기는 리더를 포함해 Quorum 번째로 빠른 멤버가 디스크에 저장했을 때 커밋됩니다. 멤버 5개의 Quorum 은 3 입니다. 팔로워 두 개의 디스크가 100 ms 여도 리더와 빠른 팔로워 둘이 Quorum 을 이루므로 put 은 {minority} ms 입니다.',
		explainWhose:
			'그렇다면 누구의 디스크가 중요할까요? 멤버 5개에서 디스크 하나가 100 ms 일 때, 느린 팔로워는 {follower} ms, 느린 리더는 {leader} ms 입니다. 리더는 모든 Quorum 에 들어가지만, 팔로워는 여러 표 중 하나일 뿐입니다.',
		explainSize:
			'멤버를 늘리면 지연은 늘고 속도는 얻지 못합니다. 모든 디스크가 1 ms 일 때: 멤버 1개 {s1} ms, 3개 {s3} ms, 5개 {s5} ms, 7개 {s7} ms. 멤버가 많을수록 더 많은 장애를 허용하지만(Quorum ⌊n/2⌋+1), 모든 쓰기는 여전히 Quorum 을 기다리고, Quorum 이 클수록 더 느린 멤버를 기다립니다. 엔진은 리더가 더 보내는 메시지에 비용을 매기지 않습니다. 이곳에서 잰 실제 etcd 는 멤버 3개 1.39 ms 에서 5개 2.17 ms 로 늘었습니다.',
		explainPending: '…',

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
			'플레이그라운드의 실시간 그래프를 20초짜리 각본으로 돌려 봅니다. 멤버 3개, 클라이언트 하나가 리더에게 초당 50번 put 합니다. 3초에 리더의 디스크가 40 ms 로 느려지고 6초에 회복됩니다. 8초에 리더를 종료하면 새 리더가 선출되고, 11초에 다시 시작합니다. 14초에 리더를 네트워크에서 분할하고 17초에 복구합니다.',
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
