// Every page is prerendered to static HTML; '/x/' is written as build/x/index.html.
export const prerender = true;
export const trailingSlash = 'always';
