#!/usr/bin/env node
// `studyspot-hub` from the source tree: runs the TypeScript through tsx (no build step), as
// firmware-sim's bin does. Installed hubs run the bundle, hub/dist/studyspot-hub-cli.mjs (deploy/hub).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
await main(process.argv.slice(2));
