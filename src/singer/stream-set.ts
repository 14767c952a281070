import type { JsonSchema } from './json-schema.js';

/**
 * What the Singer layer needs to know of a stream: its name, key, replication and parent, and its schema. The tap
 * passes its streams in (src/streams/table.ts), so catalog, selection and state know no stream of their own.
 */
export interface StreamMeta {
  readonly name: string;
  readonly keyProperties: string[];
  readonly replicationMethod: 'FULL_TABLE' | 'INCREMENTAL';
  /** Only streams with a bookmark of their own have one (root incremental streams). */
  readonly replicationKey?: string;
  readonly parent?: string;
  /** The schema records are checked against (times as annotated Unix seconds, src/singer/times.ts). Not to be mutated. */
  schema(): JsonSchema;
}

/** The streams of a tap, in the order discovery lists them. */
export class StreamSet<M extends StreamMeta = StreamMeta> {
  private readonly byName: Map<string, M>;

  constructor(readonly all: readonly M[]) {
    this.byName = new Map(all.map((meta) => [meta.name, meta]));
  }

  get names(): string[] {
    return this.all.map((meta) => meta.name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  get(name: string): M {
    const meta = this.byName.get(name);
    if (!meta) throw new Error(`no stream named ${name}`);
    return meta;
  }

  /** Streams whose records derive from `root` (itself included), walking the parent chain. */
  familyOf(root: string): string[] {
    const rootOf = (name: string): string => {
      const parent = this.get(name).parent;
      return parent ? rootOf(parent) : name;
    };
    return this.names.filter((name) => rootOf(name) === root);
  }
}
