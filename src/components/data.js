// Shaping the site's columnar JSON in the browser.

/**
 * Columns (`{a: [..], b: [..]}`) to an array of row objects.
 * @param {Record<string, any[]>} columns
 * @returns {Record<string, any>[]}
 * @example rowsOf({a: [1, 2], b: ["x", "y"]}) // [{a: 1, b: "x"}, {a: 2, b: "y"}]
 */
export function rowsOf(columns) {
  const keys = Object.keys(columns);
  const n = keys.length ? columns[keys[0]].length : 0;
  const rows = new Array(n);
  for (let i = 0; i < n; i++) {
    /** @type {Record<string, any>} */
    const row = {};
    for (const k of keys) row[k] = columns[k][i];
    rows[i] = row;
  }
  return rows;
}
