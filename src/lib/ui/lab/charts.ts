/**
 * chart.js for the lab and the live latency chart: loaded on demand (a dynamic import, so only
 * pages that mount a chart download it), tree-shaken to what these charts use, plus two small
 * plugins of our own (reference lines with labels; an opaque background so a PNG export is not
 * transparent). Only type imports from chart.js at the top: nothing here pulls chart.js into a
 * page's entry chunk.
 */
import type { Chart, ChartConfiguration, Plugin } from 'chart.js';
import { LOAD_CLIENT_COUNTS } from '../../lab/params';
import { grouped } from '../format';

export type LineConfig = ChartConfiguration<'line', { x: number; y: number | null }[]>;

let loading: Promise<typeof Chart> | null = null;

/** chart.js, registered once (controllers, elements, scales and plugins used here, and Colors). */
export function loadChart(): Promise<typeof Chart> {
	loading ??= import('chart.js').then((m) => {
		m.Chart.register(
			m.LineController,
			m.LineElement,
			m.PointElement,
			m.LinearScale,
			m.LogarithmicScale,
			m.Legend,
			m.Tooltip,
			m.SubTitle,
			m.Colors
		);
		return m.Chart;
	});
	return loading;
}

/**
 * Chart work, one piece a task: making a chart or redrawing one takes chart.js 10-50 ms (its
 * layout measures every label), and a page of five charts that made or redrew them together, at
 * mount or when a sweep's result landed, held the main thread for 120-220 ms at a time. Queued
 * here, each runs in a task of its own, so input and painting get their turn between them.
 */
const chartJobs: (() => void)[] = [];
let chartJobsQueued = false;

export function chartTask(job: () => void): void {
	chartJobs.push(job);
	if (!chartJobsQueued) {
		chartJobsQueued = true;
		setTimeout(runChartJob, 0);
	}
}

function runChartJob(): void {
	const job = chartJobs.shift();
	try {
		job?.();
	} finally {
		if (chartJobs.length > 0) setTimeout(runChartJob, 0);
		else chartJobsQueued = false;
	}
}

/** Colours of the page the chart sits on, read from the CSS variables the layout defines. */
export interface ChartTheme {
	dark: boolean;
	fg: string;
	muted: string;
	grid: string;
	bg: string;
	/** one colour per cluster size 1, 3, 5, 7 (Okabe-Ito, readable by colour-blind readers) */
	series: string[];
	accent: string;
	warn: string;
}

const LIGHT_SERIES = ['#c45a00', '#0072b2', '#007a5a', '#b4448f'];
const DARK_SERIES = ['#f0a040', '#56b4e9', '#3fd0a0', '#e58fc8'];

function luminance(color: string): number {
	const m = color.match(/\d+(\.\d+)?/g);
	if (!m || m.length < 3) return 1;
	const [r, g, b] = m.slice(0, 3).map(Number);
	return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

export function readTheme(el: Element | null): ChartTheme {
	const style = el ? getComputedStyle(el) : null;
	const v = (name: string, fallback: string): string => style?.getPropertyValue(name).trim() || fallback;
	const bgColor = style ? getComputedStyle(document.body).backgroundColor : 'rgb(255,255,255)';
	const dark = luminance(bgColor) < 0.5;
	return {
		dark,
		fg: v('--fg', dark ? '#e6edf3' : '#1b1f24'),
		muted: v('--muted', dark ? '#9da7b3' : '#57606a'),
		grid: v('--border', dark ? '#30363d' : '#d0d7de'),
		bg: v('--bg', dark ? '#0d1117' : '#ffffff'),
		series: dark ? DARK_SERIES : LIGHT_SERIES,
		accent: v('--accent', dark ? '#58a6ff' : '#0b5fbd'),
		warn: v('--bad', dark ? '#f85149' : '#cf222e')
	};
}

/** Point styles per series, so colour is not the only thing telling lines apart. */
export const POINT_STYLES = ['circle', 'rect', 'triangle', 'rectRot', 'star', 'crossRot'] as const;

/**
 * A vertical reference line at x, marked on the chart by a numbered badge at its top; its words
 * stand in a numbered list under the chart (ChartCanvas), where they wrap and never cover a line.
 */
export interface RefLine {
	x: number;
	label: string;
	color: string;
	dash: number[];
	/** only the badge (a finding beyond the axis: drawn at the edge, its words saying where) */
	labelOnly?: boolean;
}

/** The badge's radius (px) and the gap below which two badges stack instead of touching. */
const BADGE_R = 9;

/**
 * Where each line's badge goes: its x, at the top of the plot, a row further down when it would
 * touch a badge to its left. Lines beyond the axis are left out (null).
 */
export function badgePlaces(pxs: readonly number[], left: number, right: number, top: number): ({ x: number; y: number } | null)[] {
	const order = pxs.map((px, i) => ({ px, i })).filter((p) => Number.isFinite(p.px) && p.px >= left - 0.5 && p.px <= right + 0.5);
	order.sort((a, b) => a.px - b.px);
	const out: ({ x: number; y: number } | null)[] = pxs.map(() => null);
	const placed: { x: number; y: number }[] = [];
	for (const { px, i } of order) {
		const x = Math.min(right - BADGE_R - 1, Math.max(left + BADGE_R + 1, px));
		let row = 0;
		while (placed.some((p) => Math.abs(p.x - x) < 2 * BADGE_R + 3 && p.y === top + BADGE_R + 2 + row * (2 * BADGE_R + 3))) row++;
		const at = { x, y: top + BADGE_R + 2 + row * (2 * BADGE_R + 3) };
		placed.push(at);
		out[i] = at;
	}
	return out;
}

/** Draws the reference lines the getter returns (read at every draw, so they follow the data), each with its number. */
export function refLinesPlugin(get: () => readonly RefLine[], background: () => string): Plugin<'line'> {
	return {
		id: 'labRefLines',
		afterDatasetsDraw(chart) {
			const lines = get();
			const x = chart.scales.x;
			const area = chart.chartArea;
			if (!x || !area) return;
			const ctx = chart.ctx;
			ctx.save();
			const pxs = lines.map((line) => x.getPixelForValue(line.x));
			const places = badgePlaces(pxs, area.left, area.right, area.top);
			lines.forEach((line, i) => {
				const at = places[i];
				if (at === null) return;
				if (!line.labelOnly) {
					ctx.strokeStyle = line.color;
					ctx.lineWidth = 1.5;
					ctx.setLineDash(line.dash);
					ctx.beginPath();
					ctx.moveTo(pxs[i], area.top);
					ctx.lineTo(pxs[i], area.bottom);
					ctx.stroke();
					ctx.setLineDash([]);
				}
				ctx.beginPath();
				ctx.arc(at.x, at.y, BADGE_R, 0, 2 * Math.PI);
				ctx.fillStyle = line.color;
				ctx.fill();
				ctx.lineWidth = 2;
				ctx.strokeStyle = background();
				ctx.stroke();
				ctx.fillStyle = background();
				ctx.font = 'bold 11px system-ui, "DejaVu Sans", sans-serif';
				ctx.textAlign = 'center';
				ctx.textBaseline = 'middle';
				ctx.fillText(String(i + 1), at.x, at.y + 0.5);
			});
			ctx.restore();
		}
	};
}

/** Paints the canvas with the page background first (a PNG export is then not transparent). */
export function backgroundPlugin(get: () => string): Plugin<'line'> {
	return {
		id: 'labBackground',
		beforeDraw(chart) {
			const ctx = chart.ctx;
			ctx.save();
			ctx.fillStyle = get();
			ctx.fillRect(0, 0, chart.width, chart.height);
			ctx.restore();
		}
	};
}

/** Starts a file download of `data` (a Blob or a data: URL) named `filename`. */
export function download(data: Blob | string, filename: string): void {
	const url = typeof data === 'string' ? data : URL.createObjectURL(data);
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	a.rel = 'noopener';
	document.body.appendChild(a);
	a.click();
	a.remove();
	if (typeof data !== 'string') setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** "1.69", "0.05", "200": numbers as a reader wants them on a chart or in a table. */
export function fmtMs(ms: number): string {
	if (!Number.isFinite(ms)) return '–';
	if (ms >= 100) return ms.toFixed(0);
	if (ms >= 10) return ms.toFixed(1);
	if (ms >= 1) return ms.toFixed(2);
	return ms.toFixed(3).replace(/0$/, '');
}

type LineOptions = NonNullable<LineConfig['options']>;

/**
 * The smallest 1, 2 or 5 times a power of ten at or above v: a log axis ending there ends on a
 * labelled tick (one ending at 450 labelled only up to 200, under points reaching 450).
 */
export function niceCeil(v: number): number {
	if (!(v > 0) || !Number.isFinite(v)) return v;
	const p = 10 ** Math.floor(Math.log10(v));
	for (const m of [1, 2, 5, 10]) if (m * p >= v * (1 - 1e-9)) return Number((m * p).toPrecision(6));
	return 10 * p;
}

/** 1, 2 or 5 times a power of ten: the values a log axis labels */
export function isNice(v: number): boolean {
	return /^[125]0*$|^0\.0*[125]$/.test(String(v));
}

/** What every lab line chart shares: no animation, pre-parsed points, the theme's text colour. */
export function baseLineOptions(theme: ChartTheme): Omit<LineOptions, 'scales' | 'plugins'> {
	return {
		responsive: true,
		maintainAspectRatio: false,
		animation: false,
		parsing: false,
		color: theme.fg,
		interaction: { mode: 'nearest', intersect: false },
		// the points on the first and last x are drawn whole (clipped to the plot they were halves);
		// 12 px covers the largest marker, the star of radius 11
		datasets: { line: { clip: 12 } }
	};
}

/** The offered-load x axis: client counts on a log scale, one tick per count measured. */
export function clientsAxis(title: string, theme: ChartTheme): NonNullable<LineOptions['scales']>['x'] {
	return {
		type: 'logarithmic',
		min: LOAD_CLIENT_COUNTS[0],
		max: LOAD_CLIENT_COUNTS[LOAD_CLIENT_COUNTS.length - 1],
		title: { display: true, text: title, color: theme.fg },
		grid: { color: theme.grid },
		border: { color: theme.grid },
		afterBuildTicks: (scale) => {
			scale.ticks = LOAD_CLIENT_COUNTS.map((value) => ({ value }));
		},
		// a label that would come within 10 px of the one before is skipped (on a phone "1,000" and
		// "3,000" touched)
		ticks: { color: theme.muted, font: { size: 12 }, maxRotation: 0, autoSkip: true, autoSkipPadding: 10, callback: (v) => grouped(Number(v)) }
	};
}
