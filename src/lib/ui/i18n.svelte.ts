/**
 * English and Korean for every word on the page. Each feature keeps its messages in
 * src/lib/ui/messages/<feature>.ts as { en, ko } with the same keys (TypeScript checks that ko has
 * every key en has). `t(key, params)` fills {name} placeholders. The locale defaults to the
 * browser's language and can be switched; it is part of links.
 */
import { common } from './messages/common';
import { format } from './format';

export { format };

export type Locale = 'en' | 'ko';
export const LOCALES: readonly Locale[] = ['en', 'ko'];

export type Messages = Record<string, string>;
export interface MessageSet<M extends Messages> {
	en: M;
	ko: { [K in keyof M]: string };
}

export function pickLocale(languages: readonly string[] | undefined): Locale {
	for (const l of languages ?? []) {
		const lower = l.toLowerCase();
		if (lower.startsWith('ko')) return 'ko';
		if (lower.startsWith('en')) return 'en';
	}
	return 'en';
}

class I18n {
	locale: Locale = $state('en');

	/** A translator for one message set: t('key', { n: 3 }). */
	use<M extends Messages>(set: MessageSet<M>): (key: keyof M & string, params?: Record<string, string | number>) => string {
		return (key, params) => format((this.locale === 'ko' ? set.ko[key] : set.en[key]) ?? set.en[key] ?? key, params);
	}

	set(locale: Locale): void {
		this.locale = locale;
		if (typeof document !== 'undefined') document.documentElement.lang = locale;
	}
}

export const i18n = new I18n();
export const tc = i18n.use(common);
