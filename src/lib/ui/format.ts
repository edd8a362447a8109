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

/**
 * `n` as en-US writes it, with at most `maxFractionDigits` decimals (1,234.5): what
 * `n.toLocaleString('en-US')` and `Intl.NumberFormat('en-US')` print, without them. The first use
 * of either on a page starts ICU's number formatting, which took 36 ms in Chromium here, in the
 * task that hydrates the page or draws its first chart.
 */
export function grouped(n: number, maxFractionDigits = 3): string {
	if (Number.isNaN(n)) return 'NaN';
	const sign = n < 0 || Object.is(n, -0) ? '-' : '';
	if (!Number.isFinite(n)) return `${sign}∞`;
	const abs = Math.abs(n);
	if (abs >= 1e21) return n.toLocaleString('en-US', { maximumFractionDigits: maxFractionDigits }); // String() would write an exponent
	// the shortest decimal that reads back as n (what ICU rounds too), rounded half up at the last place kept
	const shortest = abs < 1e-6 ? abs.toFixed(20) : String(abs);
	const [w, f = ''] = shortest.split('.');
	let whole = w;
	let fraction = f;
	if (f.length > maxFractionDigits) {
		let kept = w + f.slice(0, maxFractionDigits);
		if (f.charCodeAt(maxFractionDigits) >= 53 /* '5' */) kept = (BigInt(kept) + BigInt(1)).toString().padStart(kept.length, '0');
		whole = kept.slice(0, kept.length - maxFractionDigits) || '0';
		fraction = kept.slice(kept.length - maxFractionDigits);
	}
	fraction = fraction.replace(/0+$/, '');
	return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction ? `.${fraction}` : ''}`;
}
