export { hubAuthorizer } from './authorize.ts';
export * from './codes.ts';
export * from './signature.ts';
