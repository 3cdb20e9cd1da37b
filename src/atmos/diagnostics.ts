/** Where a value or a problem came from: a file (absolute path) and a 1-based line and column. */
export interface Origin {
  file: string;
  line: number;
  col: number;
}

/** `info`: worth knowing, not wrong (e.g. an abstract component nobody inherits); only editor checks use it */
export type Severity = 'error' | 'warning' | 'info';

/** A located problem found while loading or resolving a repository. Never thrown across the engine API. */
export interface AtmosDiagnostic {
  severity: Severity;
  message: string;
  file?: string;
  line?: number;
  col?: number;
  /** where the located text ends (1-based, the column just past the last character); absent: to the end of the line */
  endLine?: number;
  endCol?: number;
  /** a stable short code, e.g. `import-not-found`, `import-cycle`, `yaml-syntax` */
  code: string;
}

/** An error with a location, thrown inside the engine and turned into a diagnostic at its boundary. */
export class AtmosError extends Error {
  readonly kind = 'atmos-error';
  constructor(
    readonly code: string,
    message: string,
    readonly origin?: Partial<Origin> & { file: string },
    /** extra lines (hints) printed after the message */
    readonly hints: string[] = [],
  ) {
    super(message);
    this.name = 'AtmosError';
  }

  toDiagnostic(severity: Severity = 'error'): AtmosDiagnostic {
    return { severity, code: this.code, message: this.message, file: this.origin?.file, line: this.origin?.line, col: this.origin?.col };
  }
}

export function isAtmosError(err: unknown): err is AtmosError {
  return typeof err === 'object' && err !== null && (err as { kind?: unknown }).kind === 'atmos-error';
}

export function formatDiagnostic(d: AtmosDiagnostic): string {
  const where = d.file ? [d.file, d.line, d.col].filter((p) => p !== undefined).join(':') + ': ' : '';
  return `${where}${d.severity === 'warning' ? 'warning: ' : d.severity === 'info' ? 'note: ' : ''}${d.message}`;
}
