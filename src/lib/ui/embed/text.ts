/** The embed shell's few words, in English and Korean. */
import { i18n, type MessageSet } from '../i18n.svelte';

const en = {
	title: 'Quorum Playground (embedded)',
	openFull: 'Open in the full playground',
	openFullShort: 'Full',
	writeOk: 'write OK: {r}/{n} reach n{l}',
	writeRefused: 'writes refused',
	noState: 'This embed has no scenario in its link: showing a default 3-member cluster.',
	brokenState: '{message} Showing a default 3-member cluster instead.',
	badOptions: 'Ignored embed options: {names}.',
	slideYes: 'Writes commit',
	slideNo: 'Writes refused',
	slideElecting: 'Electing a leader…',
	slideNothingYet: 'Nothing has happened yet.',
	slideWhyYes: 'leader n{l} (term {t}) reaches {r} of {n}',
	slideControls: 'Playback',
	prevEvent: 'Previous event (←)',
	nextEvent: 'Next event (→)'
};

const embedMessages: MessageSet<typeof en> = {
	en,
	ko: {
		title: 'Quorum Playground (임베드)',
		openFull: '전체 플레이그라운드에서 열기',
		openFullShort: '전체',
		writeOk: '쓰기 가능: {r}/{n}이 리더 n{l}에 연결',
		writeRefused: '쓰기 거부',
		noState: '이 임베드 링크에는 시나리오가 없어서 멤버 3개짜리 기본 클러스터를 보여 줍니다.',
		brokenState: '{message} 대신 멤버 3개짜리 기본 클러스터를 보여 줍니다.',
		badOptions: '무시된 임베드 옵션: {names}.',
		slideYes: '쓰기 커밋 가능',
		slideNo: '쓰기 거부',
		slideElecting: '리더 선출 중…',
		slideNothingYet: '아직 아무 일도 일어나지 않았습니다.',
		slideWhyYes: '멤버 {n}개 중 {r}개가 리더 n{l}(텀 {t})에 연결',
		slideControls: '재생 제어',
		prevEvent: '이전 사건 (←)',
		nextEvent: '다음 사건 (→)'
	}
};

export const te = i18n.use(embedMessages);
