// npm's prebuild hook: runs before every `npm run build`. Until issue 9, `npm start` kept its
// embedded database in .next/standalone/.data, which `next build` deletes. Move such a folder out
// of the build output first, so a rebuild loses nothing; the data folder itself lives outside
// .next (see projectRoot in src/lib/config.ts) and no build touches it.
import { existsSync, renameSync } from 'node:fs';

const insideBuild = '.next/standalone/.data';
if (existsSync(insideBuild)) {
  if (!existsSync('.data')) {
    renameSync(insideBuild, '.data');
    console.log(`Moved npm start's embedded data from ${insideBuild} to .data, where the app and the CLI now both keep it.`);
  } else {
    // Both exist (the CLI wrote to .data, npm start to the other): keep both, the user chooses.
    const aside = `.data/from-npm-start-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(insideBuild, aside);
    console.log(
      `Moved npm start's embedded data from ${insideBuild} to ${aside}; .data is what the app and the CLI use. To keep npm start's instead, replace .data/pglite with ${aside}/pglite (and its key files).`,
    );
  }
}
