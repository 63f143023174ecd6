/**
 * Fills {{name}} slots. A slot with no value is an error, not an empty string: a reviewed
 * reply must never go out with a hole where a phone number should be.
 */
export const render = (template: string, vars: Readonly<Record<string, string>>, source = 'template'): string =>
  template.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (_, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`[render] ${source} uses {{${name}}}, which has no value`);
    return value;
  });
