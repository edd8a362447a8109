/** Share links: the state a link carries, its limits and its one error type. */
import type { Goal } from './goals';
import type { Scenario, Step } from './types';

/** the version new links are written in; every older one is still read (frozen fixtures in link.test.ts) */
export const LINK_VERSION = 6;
/** A link's payload (what follows the #) may not be longer than this. */
export const MAX_LINK_CHARS = 16 * 1024;
export const MAX_LINK_ACTIONS = 2000;
export const MAX_PANELS = 32;
export const MAX_TITLE_CHARS = 200;
export const MAX_INSTRUCTIONS_CHARS = 4000;
export const MAX_SPEED = 1000;
/** an instructor's prediction (q6): its question, each choice, its explanation */
export const MAX_PREDICT_QUESTION_CHARS = 500;
export const MAX_PREDICT_CHOICE_CHARS = 200;
export const MAX_PREDICT_WHY_CHARS = 2000;
export const MIN_PREDICT_CHOICES = 2;
export const MAX_PREDICT_CHOICES = 4;

export type LinkErrorCode = 'empty' | 'truncated' | 'corrupt' | 'tampered' | 'future' | 'tooLarge' | 'invalid' | 'tooHeavy';

export class LinkError extends Error {
	readonly code: LinkErrorCode;
	/** for 'invalid': the field at fault (e.g. `actions[3].node`), when known */
	readonly field: string | null;

	constructor(code: LinkErrorCode, message: string, field: string | null = null) {
		super(message);
		this.name = 'LinkError';
		this.code = code;
		this.field = field;
	}
}

export type LinkLang = 'en' | 'ko';
export type LinkTheme = 'light' | 'dark' | 'auto';

export interface LinkView {
	lang?: LinkLang;
	panels?: string[];
	/** simulated seconds per wall second */
	speed?: number;
	theme?: LinkTheme;
}

/** An exercise an instructor made: carried whole by the link. */
export interface CustomExercise {
	title: string;
	instructions: { en?: string; ko?: string };
	goals: Goal[];
	/** the moment the student starts: only what happens from then on counts toward the goals */
	sinceMs: number;
	/** a question the student answers before the run (link format q6), as the built-in exercises' predict step */
	predict?: CustomPrediction;
}

/** An instructor's prediction: plain text in the instructor's language (shown as text, never as HTML). */
export interface CustomPrediction {
	question: string;
	/** 2 to 4 answers, all different */
	choices: string[];
	/** the right one, 1-based */
	answer: number;
	/** shown with the check, after the student's choice is told back (absent: none) */
	explanation?: string;
}

export interface LinkState {
	scenario: Scenario;
	/** the user's actions, in the order taken (atMs never decreases); those after atMs are the recorded future */
	actions: Step[];
	/** the moment shown */
	atMs: number;
	view: LinkView;
	/** a built-in exercise's id */
	exercise?: string;
	custom?: CustomExercise;
}

export function invalid(field: string, expected: string): LinkError {
	return new LinkError('invalid', `This link's content is not valid: ${field}: ${expected}.`, field);
}

export function malformed(what: string): LinkError {
	return new LinkError('corrupt', `This link could not be read: ${what}. It was not made by Quorum Playground.`);
}

export function tooLarge(n: number): LinkError {
	return new LinkError('tooLarge', `This link is too large to open (${n} characters; the limit is ${MAX_LINK_CHARS}).`);
}

export function truncated(): LinkError {
	return new LinkError('truncated', 'This link is incomplete: it was cut off when it was copied. Copy the whole link again.');
}

export function tampered(): LinkError {
	return new LinkError('tampered', 'This link was changed or damaged after it was made (its checksum does not match). Ask for the link again.');
}

