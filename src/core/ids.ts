// Ids: small dense integers, branded by kind so a thread id cannot be passed where a line id is due.

/** A dense integer id of kind `Kind`. At run time it is a plain number (usable as an array index). */
export type Id<Kind extends string> = number & { readonly __idKind: Kind };

/** Hands out dense ids 0, 1, 2, … of one kind and remembers their names for reports. */
export class IdAllocator<Kind extends string> {
  private readonly names: string[] = [];

  /** Allocates the next id; `name` appears in traces and errors. */
  next(name: string): Id<Kind> {
    this.names.push(name);
    return (this.names.length - 1) as Id<Kind>;
  }

  /** The name given when `id` was allocated. */
  nameOf(id: Id<Kind>): string {
    const name = this.names[id];
    if (name === undefined) throw new RangeError(`unknown id ${id}`);
    return name;
  }

  /** How many ids have been handed out. */
  get size(): number {
    return this.names.length;
  }
}
