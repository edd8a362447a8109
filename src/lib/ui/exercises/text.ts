/** The exercises' translator and the texts made from engine data (goals, progress, link errors). */
import { i18n } from '../i18n.svelte';
import { exercises, type ExercisesKey } from '../messages/exercises';
import type { Goal, GoalProgress } from '../../scenario/goals';
import { LinkError } from '../../scenario/link';

export const te = i18n.use(exercises);

/** `<id>.<part>` of a built-in exercise (title, summary, instructions, hintN, explanation). */
export function exerciseText(id: string, part: string): string {
	return te(`${id}.${part}` as ExercisesKey);
}

export function goalText(goal: Goal): string {
	// "fsync at least 0 ms" says nothing: a goal without a threshold is worded without one
	if (goal.kind === 'leadershipLostToSlowDisk' && !(Number(goal.params.minFsyncMs) > 0)) return te('goal.leadershipLostToSlowDiskAny');
	return te(`goal.${goal.kind}` as ExercisesKey, goal.params);
}

export function progressText(p: GoalProgress): string {
	return te(`progress.${p.key}` as ExercisesKey, p.params);
}

/** What a link that could not be opened says (the localized reason; the detail is the decoder's own text). */
export function linkErrorText(e: unknown): { reason: string; detail: string | null } {
	if (e instanceof LinkError) return { reason: te(`linkError.${e.code}` as ExercisesKey), detail: e.message };
	return { reason: te('linkError.corrupt'), detail: null };
}
