#!/usr/bin/env node
// The compiled CLI (built into dist/ by `npm run build`, which `npm install` runs via `prepare`).
import { main } from "../dist/cli/main.js";

process.exitCode = await main();
