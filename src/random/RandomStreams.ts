// One independent stream per named entity, derived from (run seed, entity name). Adding an entity
// never perturbs the draws of the others, because no two entities share a generator.

import { RandomStream } from './RandomStream.ts';

/** The streams of one run. */
export class RandomStreams {
  readonly runSeed: number | string;
  private readonly streams = new Map<string, RandomStream>();

  constructor(runSeed: number | string) {
    this.runSeed = runSeed;
  }

  /**
   * The stream of entity `name`, created on first use. The seed string is `"<runSeed>/<name>"`, so
   * the stream depends on nothing but the run seed and the name.
   */
  stream(name: string): RandomStream {
    let stream = this.streams.get(name);
    if (stream === undefined) {
      stream = new RandomStream(`${this.runSeed}/${name}`);
      this.streams.set(name, stream);
    }
    return stream;
  }
}
