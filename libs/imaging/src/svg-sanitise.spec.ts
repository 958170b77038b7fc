import { ImageRejectedError } from './errors';
import { sanitiseSvg } from './svg-sanitise';

const NS = 'xmlns="http://www.w3.org/2000/svg"';
const XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"';
const PNG_1PX =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

const clean = (svg: string) => sanitiseSvg(Buffer.from(svg, 'utf8'));
const wrap = (body: string, rootAttributes = '') => clean(`<svg ${NS} ${XLINK}${rootAttributes} width="20" height="20">${body}</svg>`);

function expectInvalid(svg: string | Buffer) {
  const attempt = () => sanitiseSvg(typeof svg === 'string' ? Buffer.from(svg, 'utf8') : svg);
  expect(attempt).toThrow(ImageRejectedError);
  expect(attempt).toThrow('Invalid SVG');
}

const NORMAL_SVG = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg ${NS} ${XLINK} xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="120" height="80" viewBox="0 0 120 80" version="1.1">
  <defs>
    <linearGradient id="g1" x1="0" x2="1"><stop offset="0" stop-color="#f00"/><stop offset="1" stop-color="#00f"/></linearGradient>
    <circle id="dot" r="4"/>
  </defs>
  <style type="text/css"><![CDATA[ .thick { stroke-width: 3; } g > rect { opacity: 0.9 } ]]></style>
  <title>Shapes &amp; colours</title>
  <g transform="translate(0,0)">
    <rect class="thick" x="10" y="10" width="50" height="30" fill="url(#g1)" stroke="black" inkscape:label="box"/>
  </g>
  <circle cx="90" cy="25" r="15" style="fill: #0a0; stroke: url('#g1')"/>
  <path d="M10 60 L110 60" stroke="#333"/>
  <use xlink:href="#dot" x="100" y="70"/>
  <use href="#dot" x="20" y="70"/>
  <image href="${PNG_1PX}" x="0" y="0" width="4" height="4"/>
  <text x="10" y="75" font-family="sans-serif">Hi <tspan fill="red">there</tspan></text>
  <animate attributeName="opacity" from="0" to="1" dur="1s"/>
  <sodipodi:namedview xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" pagecolor="#fff"/>
</svg>
`;

describe('sanitiseSvg', () => {
  describe('a normal drawing', () => {
    const output = clean(NORMAL_SVG);

    it('keeps shapes, paint servers, styles, references and text', () => {
      for (const fragment of [
        `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="80" viewBox="0 0 120 80" version="1.1">`,
        '<linearGradient id="g1" x1="0" x2="1"><stop offset="0" stop-color="#f00"/>',
        '<rect class="thick" x="10" y="10" width="50" height="30" fill="url(#g1)" stroke="black"/>',
        `<circle cx="90" cy="25" r="15" style="fill: #0a0; stroke: url('#g1')"/>`,
        '<path d="M10 60 L110 60" stroke="#333"/>',
        '<use xlink:href="#dot" x="100" y="70"/>',
        '<use href="#dot" x="20" y="70"/>',
        `<image href="${PNG_1PX}"`,
        '<text x="10" y="75" font-family="sans-serif">Hi <tspan fill="red">there</tspan></text>',
        '<title>Shapes &amp; colours</title>',
        '.thick { stroke-width: 3; } g &gt; rect { opacity: 0.9 }',
        '<animate attributeName="opacity" from="0" to="1" dur="1s"/>',
      ]) {
        expect(output).toContain(fragment);
      }
    });

    it('drops the prolog, comments and foreign namespaces', () => {
      expect(output.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')).toBe(true);
      expect(output).not.toMatch(/DOCTYPE|<!--|inkscape|sodipodi/);
    });

    it('is stable when sanitised again', () => {
      expect(clean(output)).toBe(output);
    });
  });

  describe('hostile content', () => {
    it.each([
      ['<script>', `<script>alert(1)</script><rect width="5" height="5"/>`, /script|alert/i],
      ['uppercase <SCRIPT>', `<SCRIPT>alert(1)</SCRIPT><rect width="5" height="5"/>`, /script|alert/i],
      ['script in a foreign namespace', `<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script><rect width="5" height="5"/>`, /script|alert/i],
      ['event handlers', `<rect width="5" height="5" onclick="alert(1)" ONMOUSEOVER="alert(2)" onfocusin="x()"/>`, /\son[a-z]+=|alert|x\(\)/i],
      ['foreignObject', `<foreignObject width="5" height="5"><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example/"/></foreignObject><rect width="5" height="5"/>`, /foreignObject|iframe|evil/],
      ['iframe, embed, object', `<iframe src="https://evil.example/"/><embed src="https://evil.example/"/><object data="https://evil.example/"/><rect width="5" height="5"/>`, /iframe|embed|object|evil/],
      ['<image> from another host', `<image xlink:href="http://evil.example/x.png" width="5" height="5"/><rect width="5" height="5"/>`, /<image|evil/],
      ['<image> with an SVG data URI', `<image href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" width="5" height="5"/><rect width="5" height="5"/>`, /<image|svg\+xml/],
      ['<use> of an external document', `<use href="https://evil.example/sprite.svg#icon"/><use xlink:href="other.svg#a"/><rect width="5" height="5"/>`, /<use|evil|other\.svg/],
      ['<feImage> from another host', `<filter id="f"><feImage href="https://evil.example/x.png"/></filter><rect width="5" height="5"/>`, /feImage|evil/],
      ['javascript: link', `<a href="javascript:alert(1)"><rect width="5" height="5"/></a>`, /javascript|alert/i],
      ['entity-encoded javascript: link', `<a xlink:href="&#106;ava&#x73;cript:alert(1)"><rect width="5" height="5"/></a>`, /javascript|alert/i],
      ['javascript: split by a tab', `<a href=" java&#x09;script:alert(1)"><rect width="5" height="5"/></a>`, /script|alert/i],
      ['link to another site', `<a href="https://evil.example/"><rect width="5" height="5"/></a>`, /evil/],
      ['<set> of href', `<a><set attributeName="href" to="javascript:alert(1)"/><rect width="5" height="5"/></a>`, /<set|javascript/],
      ['<animate> of xlink:href', `<a><animate attributeName="xlink:href" values="javascript:alert(1)"/><rect width="5" height="5"/></a>`, /<animate|javascript/],
      ['<animate> of an event handler', `<animate attributeName="onbegin" to="alert(1)"/><rect width="5" height="5"/>`, /<animate|alert/],
      ['external url() in presentation attributes', `<rect width="5" height="5" fill="url(http://evil.example/p.svg#g)" filter="url( 'https://evil.example/f.svg#f' )"/>`, /evil|fill=|filter=/],
      ['external url() in a style attribute', `<rect width="5" height="5" style="fill: url(https://evil.example/a.svg#b)"/>`, /evil|style=/],
      ['@import in <style>', `<style>@import url(http://evil.example/x.css); rect { fill: red }</style><rect width="5" height="5"/>`, /<style|evil|@import/],
      ['external url() in <style>', `<style>rect { fill: url(http://evil.example/x.svg#a) }</style><rect width="5" height="5"/>`, /<style|evil/],
      ['CSS escapes in <style>', `<style>rect { background: u\\72 l(http://evil.example/) }</style><rect width="5" height="5"/>`, /<style|evil/],
      ['CSS expression()', `<rect width="5" height="5" style="width: expression(alert(1))"/>`, /expression|alert/],
      ['CDATA closing the element early', `<text x="1" y="9"><![CDATA[</text><script>alert(1)</script>]]></text>`, /<script/i],
      ['xml-stylesheet instruction', `<?xml-stylesheet type="text/css" href="https://evil.example/x.css"?><rect width="5" height="5"/>`, /stylesheet|evil/],
      ['xml:base', `<g xml:base="https://evil.example/"><rect width="5" height="5"/></g>`, /xml:base|evil/],
      ['rebinding the default namespace', `<g xmlns="http://www.w3.org/1999/xhtml"><rect width="5" height="5"/></g>`, /xhtml/],
    ])('removes %s', (_label, body, forbidden) => {
      const output = wrap(body);
      expect(output).not.toMatch(forbidden);
      expect(output).toMatch(/<rect width="5" height="5"\/>|<text x="1" y="9">/);
    });

    it('removes handlers and processing instructions around the root element', () => {
      const output = clean(`<?xml-stylesheet href="http://evil.example/x.css"?><svg ${NS} onload="alert(1)" width="5" height="5"><rect width="5" height="5"/></svg><?evil?>`);
      expect(output).not.toMatch(/onload|alert|evil|stylesheet/);
    });

    it('refuses a billion-laughs entity bomb quickly', () => {
      const bomb = `<?xml version="1.0"?>
<!DOCTYPE svg [
  <!ENTITY lol "lol">
  ${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('\n  ')}
]>
<svg ${NS}><text>&lol9;</text></svg>`;
      const started = Date.now();
      expectInvalid(bomb);
      expect(Date.now() - started).toBeLessThan(500);
    });

    it('refuses external entities (XXE)', () => {
      expectInvalid(`<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><svg ${NS}><text>&xxe;</text></svg>`);
    });

    it('refuses parameter entities', () => {
      expectInvalid(`<!DOCTYPE svg [<!ENTITY % p SYSTEM "https://evil.example/x.dtd"> %p;]><svg ${NS}/>`);
    });

    it('expands plain internal entities and drops the declarations', () => {
      const output = clean(`<!DOCTYPE svg [<!ENTITY ns_svg "http://www.w3.org/2000/svg"><!ENTITY label "Hello"><!ENTITY unused SYSTEM "file:///etc/passwd">]>
<svg xmlns="&ns_svg;" width="5" height="5"><text>&label; &amp; bye</text></svg>`);
      expect(output).toContain('<text>Hello &amp; bye</text>');
      expect(output).not.toMatch(/ENTITY|passwd|<!/);
    });
  });

  describe('documents that cannot be parsed reliably are refused', () => {
    it.each([
      ['unquoted attributes', `<svg ${NS}><rect width=10 height=10/></svg>`],
      ['mismatched tags', `<svg ${NS}><g><rect/></svg></g>`],
      ['unclosed root', `<svg ${NS}><rect/>`],
      ['duplicate attributes', `<svg ${NS}><rect width="1" width="2"/></svg>`],
      ['attributes without whitespace', `<svg ${NS}><rect width="1"height="2"/></svg>`],
      ['a bare ampersand', `<svg ${NS}><text>fish & chips</text></svg>`],
      ['an unknown entity', `<svg ${NS}><text>&nbsp;</text></svg>`],
      ['"<" inside an attribute', `<svg ${NS}><rect id="a<b"/></svg>`],
      ['a NUL character reference', `<svg ${NS}><text>&#0;</text></svg>`],
      ['a raw control character', `<svg ${NS}><text>\u0001</text></svg>`],
      ['a second root element', `<svg ${NS}/><svg ${NS}/>`],
      ['a root other than svg', `<html><svg ${NS}/></html>`],
      ['a DOCTYPE inside the document', `<svg ${NS}><!DOCTYPE x><rect/></svg>`],
      ['a late XML declaration', `<svg ${NS}><?xml version="1.0"?></svg>`],
    ])('%s', (_label, svg) => {
      expectInvalid(svg);
    });

    it('invalid UTF-8', () => {
      expectInvalid(Buffer.concat([Buffer.from(`<svg ${NS}><text>`), Buffer.from([0xc3, 0x28]), Buffer.from('</text></svg>')]));
    });
  });
});
