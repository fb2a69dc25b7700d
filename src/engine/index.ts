// lockcliff engine: the discrete-event kernel (clock, event queue, generator processes, signals).

export { Awaitable, Signal, Timeout } from './Awaitable.ts';
export { Condition } from './Condition.ts';
export { Environment, NORMAL, type TraceEntry, URGENT } from './Environment.ts';
export { MAX_PRIORITY } from './EventQueue.ts';
export { Interrupt, Process, type ProcessBody, type Yieldable } from './Process.ts';
