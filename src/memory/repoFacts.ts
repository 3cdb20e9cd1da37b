/** What the engine knows about a repository, in the shape ATMOS.md needs. Filled by the engine adapter. */
export interface RepoFacts {
  /** e.g. `{tenant}-{environment}-{stage}` or a name_template; undefined when stacks are named by file. */
  namePattern?: string;
  nameTemplate?: string;
  stacksBasePath: string;
  includedPaths: string[];
  excludedPaths: string[];
  terraformBasePath?: string;
  helmfileBasePath?: string;
  stacks: string[];
  /** Component instance name → the folder it uses, the stacks it is in, and its catalog bases. */
  components: { name: string; type: string; folder: string; stacks: number; inherits: string[]; abstract: boolean }[];
  /** Files imported by the most manifests: the shared layers (defaults, mixins, catalog). */
  sharedImports: { file: string; importedBy: number }[];
}
