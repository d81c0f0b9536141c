/** @studyspot/app-kit: what every StudySpot app shares (ADR 0020). */
export * from './api.ts';
export * from './error-text.ts';
export * from './format.ts';
export * from './hooks.ts';
export * from './hub-api.ts';
export * from './i18n.tsx';
export * from './live.ts';
export * from './states.tsx';
