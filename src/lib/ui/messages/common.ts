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
	themeDark: 'Dark'
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
		themeDark: '어둡게'
	}
};
