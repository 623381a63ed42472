// Every chart of the site through one call: Observable Plot's figure, with the aria-label Plot puts on each
// mark's <g> moved to data-mark (a <g> has no role that permits an aria-label, axe-core's
// aria-prohibited-attr; the figure's caption says what the chart shows; tests find a mark by data-mark).
import * as Plot from "@observablehq/plot";

/**
 * Plot.plot(options), ready for screen readers.
 * @param {Plot.PlotOptions} options
 * @returns {ReturnType<typeof Plot.plot>}
 */
export function plot(options) {
  const figure = Plot.plot(options);
  for (const g of figure.querySelectorAll("g[aria-label]"))
    if (!g.hasAttribute("role")) {
      g.setAttribute("data-mark", /** @type {string} */ (g.getAttribute("aria-label")));
      g.removeAttribute("aria-label");
    }
  return figure;
}

/**
 * The side margins of a chart with labels on both sides (names left, figures right): as wide as designed,
 * narrower on a phone, so the plot area never has a negative width (at 390 px, 150 + 190 px left none).
 * @param {number} width the chart's width
 * @param {number} [right] the right margin on a wide screen
 * @example narrowMargins(390) // {left: 96, right: 84}
 */
export function narrowMargins(width, right = 190) {
  return width < 560 ? { left: 96, right: 84 } : { left: 150, right };
}
