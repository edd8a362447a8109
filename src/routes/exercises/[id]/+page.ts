import { error } from '@sveltejs/kit';
import { EXERCISES, exerciseById } from '$lib/scenario/exercises';
import type { EntryGenerator, PageLoad } from './$types';

export const entries: EntryGenerator = () => EXERCISES.map((e) => ({ id: e.id }));

export const load: PageLoad = ({ params }) => {
	if (!exerciseById(params.id)) error(404, 'No such exercise');
	return { id: params.id };
};
