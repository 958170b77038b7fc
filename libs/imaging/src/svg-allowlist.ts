/** SVG elements kept by the sanitiser; anything else is removed together with its content. */
export const ALLOWED_ELEMENTS: ReadonlySet<string> = new Set([
  'svg', 'g', 'defs', 'symbol', 'use', 'switch', 'a', 'view', 'title', 'desc', 'metadata', 'style',
  'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'image',
  'text', 'tspan', 'textPath',
  'linearGradient', 'radialGradient', 'stop', 'pattern', 'clipPath', 'mask', 'marker',
  'filter', 'feBlend', 'feColorMatrix', 'feComponentTransfer', 'feComposite', 'feConvolveMatrix',
  'feDiffuseLighting', 'feDisplacementMap', 'feDistantLight', 'feDropShadow', 'feFlood', 'feFuncA',
  'feFuncB', 'feFuncG', 'feFuncR', 'feGaussianBlur', 'feImage', 'feMerge', 'feMergeNode',
  'feMorphology', 'feOffset', 'fePointLight', 'feSpecularLighting', 'feSpotLight', 'feTile', 'feTurbulence',
  'animate', 'animateMotion', 'animateTransform', 'set', 'mpath',
]);

/** Elements whose only purpose is the resource their href names; dropped when that href is refused. */
export const HREF_REQUIRED_ELEMENTS: ReadonlySet<string> = new Set(['use', 'image', 'feImage', 'mpath']);

/** Elements that may reference embedded raster data (data:image/…) rather than only local fragments. */
export const DATA_IMAGE_ELEMENTS: ReadonlySet<string> = new Set(['image', 'feImage']);

export const ANIMATION_ELEMENTS: ReadonlySet<string> = new Set(['animate', 'animateMotion', 'animateTransform', 'set']);

export const HREF_ATTRIBUTES: ReadonlySet<string> = new Set(['href', 'xlink:href']);

/** Attributes kept by the sanitiser (plus href/xlink:href, which get their own checks). */
export const ALLOWED_ATTRIBUTES: ReadonlySet<string> = new Set([
  // core and structure
  'id', 'class', 'style', 'lang', 'xml:lang', 'xml:space', 'version', 'baseProfile', 'xlink:title',
  'role', 'aria-label', 'aria-labelledby', 'aria-describedby', 'aria-hidden', 'systemLanguage', 'type', 'media',
  'viewBox', 'preserveAspectRatio', 'transform', 'x', 'y', 'width', 'height',
  // shapes and text
  'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'fx', 'fy', 'fr', 'd', 'points', 'pathLength',
  'dx', 'dy', 'rotate', 'textLength', 'lengthAdjust', 'startOffset', 'method', 'spacing', 'side',
  // paint servers, clipping, masking, markers
  'gradientTransform', 'gradientUnits', 'spreadMethod', 'offset', 'patternTransform', 'patternUnits',
  'patternContentUnits', 'clipPathUnits', 'maskUnits', 'maskContentUnits', 'markerUnits', 'markerWidth',
  'markerHeight', 'refX', 'refY', 'orient',
  // filters
  'filterUnits', 'primitiveUnits', 'in', 'in2', 'result', 'stdDeviation', 'mode', 'values', 'tableValues',
  'slope', 'intercept', 'amplitude', 'exponent', 'k1', 'k2', 'k3', 'k4', 'operator', 'radius', 'scale',
  'xChannelSelector', 'yChannelSelector', 'baseFrequency', 'numOctaves', 'seed', 'stitchTiles', 'kernelMatrix',
  'order', 'divisor', 'bias', 'targetX', 'targetY', 'edgeMode', 'kernelUnitLength', 'preserveAlpha',
  'surfaceScale', 'diffuseConstant', 'specularConstant', 'specularExponent', 'azimuth', 'elevation',
  'pointsAtX', 'pointsAtY', 'pointsAtZ', 'limitingConeAngle', 'z',
  // presentation
  'fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-linecap',
  'stroke-linejoin', 'stroke-miterlimit', 'stroke-dasharray', 'stroke-dashoffset', 'opacity', 'color',
  'color-interpolation', 'color-interpolation-filters', 'color-rendering', 'clip-path', 'clip-rule', 'clip',
  'mask', 'filter', 'flood-color', 'flood-opacity', 'lighting-color', 'stop-color', 'stop-opacity',
  'marker', 'marker-start', 'marker-mid', 'marker-end', 'display', 'visibility', 'overflow',
  'shape-rendering', 'text-rendering', 'image-rendering', 'font', 'font-family', 'font-size',
  'font-size-adjust', 'font-stretch', 'font-style', 'font-variant', 'font-weight', 'text-anchor',
  'text-decoration', 'dominant-baseline', 'alignment-baseline', 'baseline-shift', 'letter-spacing',
  'word-spacing', 'writing-mode', 'direction', 'unicode-bidi', 'paint-order', 'vector-effect',
  'mix-blend-mode', 'isolation', 'transform-origin',
  // animation timing and values (attributeName is checked separately)
  'attributeName', 'attributeType', 'begin', 'dur', 'end', 'min', 'max', 'restart', 'repeatCount',
  'repeatDur', 'calcMode', 'keyTimes', 'keySplines', 'from', 'to', 'by', 'additive', 'accumulate',
  'path', 'keyPoints',
]);
