/** The exercises' translator and the texts made from engine data (goals, progress, link errors). */
import { i18n } from '../i18n.svelte';
import { exercises, type ExercisesKey } from '../messages/exercises';
import type { Goal, GoalProgress } from '../../scenario/goals';
import { LinkError } from '../../scenario/link';
import { durationWords, goalWords, progressWords } from './words';

export const te = i18n.use(exercises);

/** `<id>.<part>` of a built-in exercise (title, summary, instructions, hintN, explanation). */
export function exerciseText(id: string, part: string): string {
	return te(`${id}.${part}` as ExercisesKey);
}

/** A span of simulated time as people say it (10 s, not "10000 ms"; 10초 in Korean). */
export function durationText(ms: number): string {
	return durationWords(ms, te);
}

export function goalText(goal: Goal): string {
	return goalWords(goal, te);
}

export function progressText(p: GoalProgress): string {
	return progressWords(p, te);
}

/**
 * What a link that could not be opened says: the reason in the page's language and, when it adds
 * something, a detail line ready to show. The decoder's own sentence (English) mostly says the
 * reason again: it is shown only in English and only where it names what is wrong (the field and
 * what it must be, a character, a format); in Korean the field at fault is named, nothing else.
 */
export function linkErrorText(e: unknown): { reason: string; detail: string | null } {
	if (!(e instanceof LinkError)) return { reason: te('linkError.corrupt'), detail: null };
	return { reason: te(`linkError.${e.code}` as ExercisesKey), detail: linkDetail(e) };
}

/** the decoder's sentences that open with the reason again: what follows them is the detail */
const SAID_AGAIN = [/^This link's content is not valid: /, /^This link asks for too much work: /];

function linkDetail(e: LinkError): string | null {
	const named = e.code === 'invalid' || e.code === 'tooHeavy';
	if (i18n.locale !== 'en') return named && e.field !== null ? te('linkError.field', { field: e.field }) : null;
	let what: string | null = null;
	if (named) {
		what = e.message;
		for (const re of SAID_AGAIN) what = what.replace(re, '');
	} else if (e.code === 'corrupt' && /["\d]/.test(e.message)) what = e.message;
	return what === null || what.length === 0 ? null : te('linkError.detail', { detail: what });
}
