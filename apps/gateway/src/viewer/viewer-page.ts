import { escapeHtml } from '@app/accounts';
import { HashedPage, InlineCode } from '../pages/hashed-page';
import type { MediaObject } from '../media/media-presenter';
import { placeholderBackground } from '../pages/placeholder-background';

const STYLE = new InlineCode(
  `*{box-sizing:border-box}body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;` +
    `background:#0d1117;color:#e6edf3;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;line-height:1.5}` +
    `main{width:min(100%,72rem);padding:1.5rem}figure{margin:0;background:#161b22;border:1px solid #30363d;border-radius:14px;overflow:hidden}` +
    `.frame{display:flex;justify-content:center;background:repeating-conic-gradient(#1c2128 0 25%,#161b22 0 50%) 0 0/24px 24px}` +
    `img{display:block;max-width:100%;height:auto;max-height:78vh;object-fit:contain}` +
    `figcaption{display:flex;flex-wrap:wrap;gap:.75rem 1.5rem;align-items:center;justify-content:space-between;padding:1rem 1.25rem}` +
    `h1{font-size:1.1rem;margin:0;word-break:break-word}.meta{color:#8b949e;font-size:.9rem}` +
    `.share{display:flex;gap:.5rem;flex:1 1 20rem;max-width:32rem}` +
    `input{flex:1;min-width:0;background:#0d1117;color:#e6edf3;border:1px solid #30363d;border-radius:8px;padding:.5rem .7rem;font:inherit;font-size:.9rem}` +
    `button{background:#238636;color:#fff;border:0;border-radius:8px;padding:.5rem 1rem;font:inherit;font-weight:600;cursor:pointer}button:hover{background:#2ea043}` +
    `.missing{text-align:center;padding:3rem 1.5rem}.missing h1{font-size:1.5rem;margin-bottom:.5rem}.missing a{color:#58a6ff}`,
);

/**
 * Takes the placeholder away once the image has loaded (behind a transparent or letterboxed image it would
 * show), and copies the page's link; without script the link stays selectable in its field.
 */
const COPY_SCRIPT = new InlineCode(
  `(function(){var i=document.getElementById('image');function loaded(){i.className='loaded'}` +
    `if(i){if(i.complete&&i.naturalWidth)loaded();else i.addEventListener('load',loaded)}})();` +
    `(function(){var b=document.getElementById('copy'),f=document.getElementById('link');if(!b||!f)return;` +
    `function done(){b.textContent='Copied!';setTimeout(function(){b.textContent='Copy link'},2000)}` +
    `b.addEventListener('click',function(){if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(f.value).then(done,fallback)}else{fallback()}});` +
    `function fallback(){f.focus();f.select();try{document.execCommand('copy');done()}catch(e){}}})();`,
);

const meta = (attribute: 'property' | 'name', key: string, value: string | number) =>
  `<meta ${attribute}="${key}" content="${escapeHtml(String(value))}">`;

function displayDate(media: MediaObject): { iso: string; text: string } {
  const date = media.date ? new Date(media.date) : new Date(media.created_at * 1000);
  const text = date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return { iso: date.toISOString(), text };
}

/** The viewer page of one ready, public media: the image, its name and date, a copy-link control, and its social card. */
export function viewerPage(media: MediaObject): HashedPage {
  const name = media.name || media.id;
  const date = displayDate(media);
  const size = media.width && media.height ? ` width="${media.width}" height="${media.height}"` : '';
  const tags = [
    meta('property', 'og:type', 'website'),
    meta('property', 'og:title', name),
    meta('property', 'og:url', media.url),
    meta('property', 'og:image', media.src),
    ...(media.width && media.height ? [meta('property', 'og:image:width', media.width), meta('property', 'og:image:height', media.height)] : []),
    meta('property', 'og:image:alt', name),
    ...(media.description ? [meta('property', 'og:description', media.description), meta('name', 'description', media.description)] : []),
    meta('name', 'twitter:card', 'summary_large_image'),
    meta('name', 'twitter:title', name),
    meta('name', 'twitter:image', media.src),
    `<link rel="canonical" href="${escapeHtml(media.url)}">`,
  ];
  const body =
    `<main><figure><div class="frame"><img id="image" src="${escapeHtml(media.src)}" alt="${escapeHtml(name)}"${size}></div>` +
    `<figcaption><div><h1>${escapeHtml(name)}</h1><div class="meta"><time datetime="${date.iso}">${date.text}</time>` +
    `${media.width && media.height ? ` · ${media.width} × ${media.height}` : ''}</div></div>` +
    `<div class="share"><input id="link" type="text" readonly value="${escapeHtml(media.url)}" aria-label="Link to this image">` +
    `<button id="copy" type="button">Copy link</button></div></figcaption></figure></main>`;
  const placeholder = placeholderBackground(media, { thumbhash: true });
  return {
    title: escapeHtml(name),
    headHtml: tags.join(''),
    bodyHtml: body,
    // The placeholder is painted behind the image until it loads: a rule of this page's own hashed stylesheet.
    style: placeholder ? new InlineCode(`${STYLE.text}#image{${placeholder}}#image.loaded{background:none}`) : STYLE,
    script: COPY_SCRIPT,
    // data: for the ThumbHash drawn as a PNG inside that rule.
    imageOrigins: [new URL(media.src).origin, ...(placeholder?.includes('url(') ? ['data:'] : [])],
  };
}

/** One page for unknown, private, deleted and expired media alike, so it tells nothing about which. */
export function missingMediaPage(quickStartUrl: string): HashedPage {
  return {
    title: 'Image not found',
    bodyHtml:
      `<main class="missing"><h1>This image isn't here</h1><p class="meta">It may have been deleted, it may have expired, or its owner keeps it private.</p>` +
      `<p><a href="${escapeHtml(quickStartUrl)}">Host your own images</a></p></main>`,
    style: STYLE,
  };
}
