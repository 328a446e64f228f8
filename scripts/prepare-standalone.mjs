// After `next build`: the standalone server serves static assets and public/ only from its own
// folder, so copy them in (Next leaves this step to the deployer).
import { cpSync, existsSync } from 'node:fs';

const standalone = '.next/standalone';
if (!existsSync(standalone)) throw new Error('No .next/standalone: run `next build` with output: "standalone" first.');
cpSync('.next/static', `${standalone}/.next/static`, { recursive: true });
if (existsSync('public')) cpSync('public', `${standalone}/public`, { recursive: true });
console.log('standalone server ready: node .next/standalone/server.js');
