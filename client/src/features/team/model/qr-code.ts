/**
 * A QR code as one SVG path, from uqr's module matrix: drawn by React as plain SVG elements, so
 * nothing needs an inline style, a `<style>` element or HTML injected into the page (the
 * Content-Security-Policy allows none of them).
 */

/**
 * The path of the dark modules, one `h1v1h-1z` square each, in a coordinate system of one unit
 * per module (use the matrix size as the viewBox). Rows and columns are the matrix's own.
 */
export function qrModulesPath(modules: readonly (readonly boolean[])[]): string {
  const parts: string[] = [];
  modules.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) parts.push(`M${x} ${y}h1v1h-1z`);
    });
  });
  return parts.join('');
}
