// The one place that says how this project launches Chromium: Debian's build
// (or CHROMIUM_PATH), and the flags every launch needs. Without the networking
// flags Chromium keeps trying the closed network of the machines we run on.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
