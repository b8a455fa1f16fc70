/** A problem found by one step of the cycle, pointing at a file and line where one is known. */
export interface Problem {
  /** Path relative to the repository root, such as `spec/components/schemas/Terminal.yaml`. */
  file: string;
  line: number;
  column: number;
  message: string;
  /** The lint rule or TypeScript code, such as `house/property-described` or `TS2339`. */
  code: string;
  severity: 'error' | 'warning';
}

export function formatProblem(problem: Problem): string {
  const where = problem.line > 0 ? `${problem.file}:${problem.line}:${problem.column}` : problem.file;
  return `${where}  ${problem.severity}  ${problem.message}  [${problem.code}]`;
}
