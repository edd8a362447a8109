// `npx vitest run` from the project root uses the unit-test configuration (tests/vitest.config.ts).
export { default } from './tests/vitest.config';
