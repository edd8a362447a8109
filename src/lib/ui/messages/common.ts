import type { MessageSet } from '../i18n.svelte';

const en = {
	appName: 'Quorum Playground',
	language: 'Language',
	english: 'English',
	korean: '한국어',
	theme: 'Theme',
	member: 'Member',
	members: 'Members',
	quorum: 'Quorum',
	tolerates: 'Failures tolerated',
	home: 'Home',
	playground: 'Playground',
	diskLab: 'Disk-speed lab',
	mainNav: 'Main',
	skipToContent: 'Skip to content',
	themeSystem: 'System',
	themeLight: 'Light',
	themeDark: 'Dark',
	notFoundTitle: 'This page does not exist',
	notFoundBody: 'The address may be mistyped, or the page has moved. Try one of these:',
	errorTitle: 'This page could not be shown',
	errorBody: 'Something went wrong ({status}). Try one of these:',
	goPlayground: 'The playground: break an etcd cluster',
	goExercises: 'The exercises'
};

export const common: MessageSet<typeof en> = {
	en,
	ko: {
		appName: 'Quorum Playground',
		language: '언어',
		english: 'English',
		korean: '한국어',
		theme: '테마',
		member: '멤버',
		members: '멤버 수',
		quorum: '쿼럼',
		tolerates: '허용 장애 수',
		home: '홈',
		playground: '플레이그라운드',
		diskLab: '디스크 속도 실험실',
		mainNav: '주 메뉴',
		skipToContent: '본문으로 건너뛰기',
		themeSystem: '시스템',
		themeLight: '밝게',
		themeDark: '어둡게',
		notFoundTitle: '없는 페이지입니다',
		notFoundBody: '주소를 잘못 입력했거나 페이지가 옮겨졌을 수 있습니다. 아래에서 골라 가세요:',
		errorTitle: '이 페이지를 보여 줄 수 없습니다',
		errorBody: '문제가 생겼습니다({status}). 아래에서 골라 가세요:',
		goPlayground: '플레이그라운드: etcd 클러스터를 직접 망가뜨려 보기',
		goExercises: '실습 문제 목록'
	}
};
