// Debian's Chromium, as the tests and the Lighthouse script start it: headless on a machine with
// no sandbox support and a closed network (without the background-networking flags Chromium
// keeps trying to reach Google's hosts, and each refused connection is noise).
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? process.env.CHROME_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
