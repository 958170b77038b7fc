import type { Request } from 'express';
import { isCrossSiteForm } from './cross-site-form';

const OWN = new Set(['https://img.example']);
const form = (headers: Record<string, string>) => ({ headers: { host: 'img.example', ...headers } }) as unknown as Request;

describe('isCrossSiteForm', () => {
  it.each([
    ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site', origin: 'https://user.img.example' }],
    ['Sec-Fetch-Site says so even with our own Origin', { 'sec-fetch-site': 'cross-site', origin: 'https://img.example' }],
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['Origin null', { origin: 'null' }],
    ['an Origin that is no URL', { origin: 'img.example' }],
  ])('refuses %s', (_name, headers) => expect(isCrossSiteForm(form(headers), OWN)).toBe(true));

  it.each([
    ['Sec-Fetch-Site same-origin', { 'sec-fetch-site': 'same-origin' }],
    ['Sec-Fetch-Site none (the person started it)', { 'sec-fetch-site': 'none' }],
    ['a configured origin', { origin: 'https://img.example', host: 'gateway:3000' }],
    ['the origin of the host asked', { origin: 'http://img.example' }],
    ['no browser headers at all (no browser, so no victim)', {}],
  ])('accepts %s', (_name, headers) => expect(isCrossSiteForm(form(headers), OWN)).toBe(false));
});
