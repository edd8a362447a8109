/** The playground's translator and small formatting helpers shared by its components. */
import { i18n } from '../i18n.svelte';
import { playground, type PlaygroundKey } from '../messages/playground';
import type { Role } from '../../scenario/types';

export const t = i18n.use(playground);

/** Simulated milliseconds as seconds with millisecond precision: 12.345 s. */
export function seconds(ms: number): string {
	return t('secondsValue', { s: (ms / 1000).toFixed(3) });
}

export function roleKey(role: Role): PlaygroundKey {
	return `role_${role}` as PlaygroundKey;
}

/** Message kinds as the views tell them apart (colour, shape and letter). */
export type WireKind = 'vote' | 'preVote' | 'app' | 'heartbeat' | 'other';

export function wireKind(type: string): WireKind {
	if (type === 'vote' || type === 'voteResp') return 'vote';
	if (type === 'preVote' || type === 'preVoteResp') return 'preVote';
	if (type === 'app' || type === 'appResp') return 'app';
	if (type === 'heartbeat' || type === 'heartbeatResp') return 'heartbeat';
	return 'other';
}


export const PANELS = ['time', 'cluster', 'quorum', 'monitor', 'narration', 'console', 'network', 'settings', 'history', 'log'] as const;
export type PanelName = (typeof PANELS)[number];
