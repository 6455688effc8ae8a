/**
 * Convex hull of a template's minutiae (Andrew's monotone chain), as a flat [x0, y0, x1, y1, …]
 * list in counterclockwise order in a y-up frame (clockwise as seen on screen). It stands for
 * the area the print covers when the extractor's mask is not part of the template.
 */
export function convexHull(x: Float64Array, y: Float64Array): Float64Array {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b] || y[a] - y[b]);
  const cross = (o: number, a: number, b: number) => (x[a] - x[o]) * (y[b] - y[o]) - (y[a] - y[o]) * (x[b] - x[o]);
  const lower: number[] = [];
  for (const i of order) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], i) <= 0) lower.pop();
    lower.push(i);
  }
  const upper: number[] = [];
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], i) <= 0) upper.pop();
    upper.push(i);
  }
  const hull = n < 3 ? order : lower.slice(0, -1).concat(upper.slice(0, -1));
  const flat = new Float64Array(hull.length * 2);
  hull.forEach((i, k) => {
    flat[2 * k] = x[i];
    flat[2 * k + 1] = y[i];
  });
  return flat;
}

/**
 * Whether (px, py) lies inside the hull or within `margin` pixels outside it. Allocates nothing.
 * The hull has positive orientation in (x, y), so inside points are left of every edge.
 */
export function insideHull(hull: Float64Array, px: number, py: number, margin: number): boolean {
  const h = hull.length >> 1;
  if (h < 3) return false;
  for (let k = 0; k < h; k++) {
    const ax = hull[2 * k];
    const ay = hull[2 * k + 1];
    const k1 = k + 1 === h ? 0 : k + 1;
    const ex = hull[2 * k1] - ax;
    const ey = hull[2 * k1 + 1] - ay;
    // Signed distance of the point to the edge line; negative = outside (right of the edge).
    const cross = ex * (py - ay) - ey * (px - ax);
    if (cross < -margin * Math.sqrt(ex * ex + ey * ey)) return false;
  }
  return true;
}
