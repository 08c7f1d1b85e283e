import { describeIssues, validateConfigText } from './config-validation.js';

const VALID = `org: acme
timezone: UTC
pods:
  - id: alpha
    name: Alpha
    wipLimit: 2
`;

describe('validateConfigText', () => {
  it('sums up a valid clos.yml', () => {
    const result = validateConfigText(VALID);
    expect(result).toMatchObject({ valid: true, summary: 'clos.yml is valid: 1 pod, 0 projects' });
  });

  it('names the first problem with its path and line, and how many more there are', () => {
    const result = validateConfigText(VALID.replace('wipLimit: 2', 'wipLimit: 0\n    mode: strict'));
    expect(result.valid).toBe(false);
    expect(result.summary).toMatch(/^clos\.yml: pods\[0\]\.(wipLimit|mode): .+ \(line [67]\) \(\+1 more\)$/);
  });

  it('says a YAML syntax error is one, and where', () => {
    const result = validateConfigText('org: acme\npods: [\n');
    expect(result.valid).toBe(false);
    expect(result.summary).toContain('YAML syntax');
  });

  it('keeps the summary within GitHub\'s 140 characters, marking the cut', () => {
    const long = describeIssues('clos.yml', [
      { path: 'pods[0].name', message: 'x'.repeat(300), line: 3 },
      { path: 'pods[1].name', message: 'y' },
    ]);
    expect(long.length).toBeLessThanOrEqual(140);
    expect(long).toContain('…');
    expect(long.endsWith('(+1 more)')).toBe(true);
  });
});
