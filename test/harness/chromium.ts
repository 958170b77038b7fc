import { Browser, chromium } from 'playwright-core';

/** Debian's Chromium, headless, with nothing that reaches out to the network (no browser is ever downloaded). */
const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
};

export function launchChromium(): Promise<Browser> {
  return chromium.launch(CHROMIUM);
}
