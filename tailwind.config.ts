// Tailwind 4 reads its theme from CSS (`@theme` in src/app/globals.css). This file is kept for
// editors and tools that look for it, and names where the classes live.
const config = {
  content: ['./src/**/*.{ts,tsx}'],
};

export default config;
