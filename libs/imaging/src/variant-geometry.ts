
export interface Dimensions {
  width: number;
  height: number;
}

/** Scales so the short edge becomes `shortEdge`, keeping the aspect ratio; never enlarges. */
export function fitShortEdge(source: Dimensions, shortEdge: number): Dimensions {
  const short = Math.min(source.width, source.height);
  if (short <= shortEdge) return { width: source.width, height: source.height };
  const scale = shortEdge / short;
  return source.width <= source.height
    ? { width: shortEdge, height: Math.max(1, Math.round(source.height * scale)) }
    : { width: Math.max(1, Math.round(source.width * scale)), height: shortEdge };
}
