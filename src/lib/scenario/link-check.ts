/** Checking and normalising a link state (both when encoding and after decoding). */
import { overBudget } from './budget';
import { validateGoals, type Goal } from './goals';
import type { Scenario, Step } from './types';
import { LIMITS, ScenarioError, validateScenario } from './validate';
import {
	LinkError,
	MAX_INSTRUCTIONS_CHARS,
	MAX_LINK_ACTIONS,
	MAX_PANELS,
	MAX_PREDICT_CHOICES,
	MAX_PREDICT_CHOICE_CHARS,
	MAX_PREDICT_QUESTION_CHARS,
	MAX_PREDICT_WHY_CHARS,
	MAX_SPEED,
	MAX_TITLE_CHARS,
	MIN_PREDICT_CHOICES,
	invalid,
	type CustomExercise,
	type CustomPrediction,
	type LinkState,
	type LinkView
} from './link-types';


/**
 * Checks and normalises a link state: the scenario through validateScenario, the actions through the
 * same step rules, the view and exercise against the limits. Throws LinkError('invalid').
 */
export function checkLinkState(state: LinkState): LinkState {
	return guard(() => normalise(state));
}


export function normalise(state: LinkState): LinkState {
	if (typeof state !== 'object' || state === null) throw invalid('(link)', 'expected a link state object');
	let scenario: Scenario;
	try {
		scenario = validateScenario(state.scenario);
	} catch (e) {
		if (e instanceof ScenarioError) throw invalid(`scenario.${e.field}`, e.expected);
		throw e;
	}
	const actions = checkActions(state.actions, scenario.cluster.size, scenario.steps);
	const atMs = checkTime(state.atMs, 'atMs');
	const over = overBudget({ ...scenario, actions });
	if (over !== null) {
		const field = over.field.startsWith('actions') ? over.field : `scenario.${over.field}`;
		throw new LinkError('tooHeavy', `This link asks for too much work: ${field}: ${over.expected}.`, field);
	}
	const out: LinkState = { scenario, actions, atMs, view: checkView(state.view) };
	if (state.exercise !== undefined) {
		if (typeof state.exercise !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(state.exercise)) {
			throw invalid('exercise', 'expected an exercise id (lower-case letters, digits and -, at most 64)');
		}
		out.exercise = state.exercise;
	}
	if (state.custom !== undefined) {
		if (out.exercise !== undefined) throw invalid('custom', 'a link names a built-in exercise or carries its own, not both');
		out.custom = checkCustom(state.custom);
	}
	return out;
}

export function checkActions(value: unknown, size: number, scenarioSteps: readonly Step[] = []): Step[] {
	if (!Array.isArray(value)) throw invalid('actions', 'expected a list of steps');
	if (value.length > MAX_LINK_ACTIONS) {
		throw invalid('actions', `at most ${MAX_LINK_ACTIONS} actions (got ${value.length})`);
	}
	if (value.length === 0) return [];
	let steps: Step[];
	try {
		// the scenario's own memberAdd steps add members the actions may name
		const adds = scenarioSteps.filter((st) => st.do === 'memberAdd').sort((a, b) => a.atMs - b.atMs);
		steps = validateScenario({ version: 1, cluster: { size }, steps: value, actions: adds, untilMs: LIMITS.maxUntilMs }).steps;
	} catch (e) {
		if (e instanceof ScenarioError) throw invalid(e.field.replace(/^steps/, 'actions'), e.expected);
		throw e;
	}
	for (let i = 1; i < steps.length; i++) {
		if (steps[i].atMs < steps[i - 1].atMs) {
			throw invalid(`actions[${i}].atMs`, `expected at least ${steps[i - 1].atMs}, the time of the action before (got ${steps[i].atMs})`);
		}
	}
	return steps;
}

export function checkTime(v: unknown, field: string): number {
	if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > LIMITS.maxUntilMs) {
		throw invalid(field, `expected a time in ms from 0 to ${LIMITS.maxUntilMs}`);
	}
	return v + 0;
}

export function checkView(v: unknown): LinkView {
	if (v === undefined) return {};
	if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalid('view', 'expected an object');
	const src = v as LinkView;
	const out: LinkView = {};
	if (src.lang !== undefined) {
		if (src.lang !== 'en' && src.lang !== 'ko') throw invalid('view.lang', 'expected "en" or "ko"');
		out.lang = src.lang;
	}
	if (src.panels !== undefined) {
		const p: unknown = src.panels;
		if (!Array.isArray(p) || p.length > MAX_PANELS) throw invalid('view.panels', `expected a list of at most ${MAX_PANELS} panel names`);
		out.panels = p.map((name: unknown, i) => {
			if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,40}$/.test(name)) {
				throw invalid(`view.panels[${i}]`, 'expected a panel name (letters, digits, _ and -, at most 40)');
			}
			return name;
		});
	}
	if (src.speed !== undefined) {
		if (typeof src.speed !== 'number' || !Number.isFinite(src.speed) || !(src.speed > 0) || src.speed > MAX_SPEED) {
			throw invalid('view.speed', `expected a number above 0 and at most ${MAX_SPEED}`);
		}
		out.speed = src.speed;
	}
	if (src.theme !== undefined) {
		if (src.theme !== 'light' && src.theme !== 'dark' && src.theme !== 'auto') throw invalid('view.theme', 'expected "light", "dark" or "auto"');
		out.theme = src.theme;
	}
	return out;
}

export function checkText(v: unknown, field: string, max: number, required: boolean): string {
	if (typeof v !== 'string' || v.length > max || (required && v.trim().length === 0)) {
		throw invalid(field, `expected ${required ? 'a non-empty' : 'a'} text of at most ${max} characters`);
	}
	return v;
}

export function checkCustom(v: unknown): CustomExercise {
	if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalid('custom', 'expected an object');
	const src = v as CustomExercise;
	const title = checkText(src.title, 'custom.title', MAX_TITLE_CHARS, true);
	const ins: unknown = src.instructions;
	if (typeof ins !== 'object' || ins === null || Array.isArray(ins)) throw invalid('custom.instructions', 'expected an object such as {"en": "..."}');
	const instructions: { en?: string; ko?: string } = {};
	const { en, ko } = ins as { en?: unknown; ko?: unknown };
	if (en !== undefined) instructions.en = checkText(en, 'custom.instructions.en', MAX_INSTRUCTIONS_CHARS, false);
	if (ko !== undefined) instructions.ko = checkText(ko, 'custom.instructions.ko', MAX_INSTRUCTIONS_CHARS, false);
	let goals: Goal[];
	try {
		goals = validateGoals(src.goals, 'custom.goals');
	} catch (e) {
		if (e instanceof ScenarioError) throw invalid(e.field, e.expected);
		throw e;
	}
	const out: CustomExercise = { title, instructions, goals, sinceMs: checkTime(src.sinceMs, 'custom.sinceMs') };
	if (src.predict !== undefined) out.predict = checkPrediction(src.predict, 'custom.predict');
	return out;
}

/**
 * An instructor's prediction: a question, 2 to 4 different choices, the right one (1-based) and an
 * optional explanation (blank: none). Texts are kept as written (shown as text, never as HTML).
 */
export function checkPrediction(v: unknown, field: string): CustomPrediction {
	if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalid(field, 'expected an object such as {"question": "...", "choices": ["...", "..."], "answer": 1}');
	const src = v as { question?: unknown; choices?: unknown; answer?: unknown; explanation?: unknown };
	const question = checkText(src.question, `${field}.question`, MAX_PREDICT_QUESTION_CHARS, true);
	const list: unknown = src.choices;
	if (!Array.isArray(list) || list.length < MIN_PREDICT_CHOICES || list.length > MAX_PREDICT_CHOICES) {
		throw invalid(`${field}.choices`, `expected a list of ${MIN_PREDICT_CHOICES} to ${MAX_PREDICT_CHOICES} choices`);
	}
	const choices = list.map((c: unknown, i) => checkText(c, `${field}.choices[${i}]`, MAX_PREDICT_CHOICE_CHARS, true));
	choices.forEach((c, i) => {
		const first = choices.findIndex((d) => d.trim() === c.trim());
		if (first < i) throw invalid(`${field}.choices[${i}]`, `expected a choice different from choice ${first + 1}`);
	});
	const answer = src.answer;
	if (typeof answer !== 'number' || !Number.isInteger(answer) || answer < 1 || answer > choices.length) {
		throw invalid(`${field}.answer`, `expected the number of the right choice, from 1 to ${choices.length}`);
	}
	const out: CustomPrediction = { question, choices, answer };
	if (src.explanation !== undefined) {
		const why = checkText(src.explanation, `${field}.explanation`, MAX_PREDICT_WHY_CHARS, false);
		if (why.trim() !== '') out.explanation = why;
	}
	return out;
}

/** Runs fn; anything but a LinkError becomes one (a hostile value must not escape as another error). */
export function guard<T>(fn: () => T): T {
	try {
		return fn();
	} catch (e) {
		if (e instanceof LinkError) throw e;
		if (e instanceof ScenarioError) throw invalid(e.field, e.expected);
		throw new LinkError('corrupt', 'This link could not be read: it is damaged or was not made by Quorum Playground.');
	}
}
