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

/** What a link that could not be opened says (the localized reason; the detail is the decoder's own text). */
export function linkErrorText(e: unknown): { reason: string; detail: string | null } {
	if (e instanceof LinkError) return { reason: te(`linkError.${e.code}` as ExercisesKey), detail: e.message };
	return { reason: te('linkError.corrupt'), detail: null };
}
