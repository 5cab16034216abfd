import type { Suppression } from '../engine/suppressions.js';
import type { InputFormat, ResourceInit } from '../graph/model.js';

/** One file (or folder, for cloud assemblies) handed to a parser, read once. */
export interface InputSource {
  /** Path as the user gave it (kept relative for reports). */
  readonly path: string;
  /** The file's text; absent for folder inputs. */
  readonly text?: string;
  /** The parsed JSON document when the file is JSON, parsed once by the detector. */
  readonly json?: unknown;
}

/** What a parser produces: resources, plus anything the format says about the deploy. */
export interface ParsedInput {
  readonly format: InputFormat;
  readonly resources: readonly ResourceInit[];
  /** Files the input spans besides its own path (templates of a cloud assembly, …). */
  readonly files?: readonly string[];
  /** Non-fatal remarks, e.g. "plan is errored: Terraform could not complete it". */
  readonly warnings?: readonly string[];
  /** Suppressions the input records itself (CDK acknowledgements in a cloud assembly, source 'cdk'). */
  readonly suppressions?: readonly Suppression[];
}

/** A parser for one format. `accepts` looks at the already parsed document, never re-reads the file. */
export interface InputParser {
  readonly format: InputFormat;
  /** A short description used in "expected one of …" errors. */
  readonly expected: string;
  accepts(source: InputSource): boolean;
  parse(source: InputSource): ParsedInput;
  /** For formats that are folders (a CDK cloud assembly): whether this folder is one. */
  acceptsDirectory?(path: string): boolean;
  parseDirectory?(path: string): ParsedInput;
}

/** A bad input: one line naming the file and what was expected. */
export class InputError extends Error {
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'InputError';
  }
}
