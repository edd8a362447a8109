/**
 * Fills a message's placeholders: `{name}` takes a parameter; `{name|one|other}` picks the English
 * singular or plural by the number in `name` ("{n} {n|member|members}": 1 member, 2 members).
 */
export function format(template: string, params?: Record<string, string | number>): string {
	if (!params) return template;
	return template
		.replace(/\{(\w+)\|([^|{}]*)\|([^|{}]*)\}/g, (m, k: string, one: string, other: string) => (k in params ? (Number(params[k]) === 1 ? one : other) : m))
		.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
