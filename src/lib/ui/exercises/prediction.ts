/**
 * The student's predictions (built-in exercises by id, an instructor's by its title and question), for as long as the page is open: kept
 * through "Start the exercise over" (the prediction was made before the first run). A number is the
 * chosen answer (1-based), null a skipped prediction; no entry: not asked yet.
 */
const made = new Map<string, number | null>();

export function predictionOf(id: string): number | null | undefined {
	return made.has(id) ? (made.get(id) ?? null) : undefined;
}

export function setPrediction(id: string, choice: number | null): void {
	made.set(id, choice);
}
