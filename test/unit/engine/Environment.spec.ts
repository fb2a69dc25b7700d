import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimError } from '../../../src/core/index.ts';
import { type Awaitable, Environment, Interrupt, type ProcessBody } from '../../../src/engine/index.ts';

describe('Environment', () => {
  it('resumes a process after each delay, at exactly the summed times', () => {
    const env = new Environment();
    const seen: number[] = [];
    env.process(
      (function* (): ProcessBody {
        for (const d of [5, 0, 7, 1000]) {
          yield d;
          seen.push(env.now);
        }
      })(),
    );
    env.run();
    assert.deepEqual(seen, [5, 5, 12, 1012]);
  });

  it('a process waits for another and gets its return value', () => {
    const env = new Environment();
    const child = env.process(
      (function* (): ProcessBody<string> {
        yield 10;
        return 'done';
      })(),
      'child',
    );
    let got: unknown;
    env.process(
      (function* (): ProcessBody {
        got = yield child;
      })(),
    );
    env.run();
    assert.equal(got, 'done');
    assert.equal(env.now, 10);
  });

  it('waiting on an already finished process resumes at once with its value', () => {
    const env = new Environment();
    const child = env.process(
      (function* (): ProcessBody<number> {
        yield 0;
        return 7;
      })(),
    );
    let got: unknown;
    env.process(
      (function* (): ProcessBody {
        yield 100;
        got = yield child;
      })(),
    );
    env.run();
    assert.equal(got, 7);
    assert.equal(env.now, 100);
  });

  it('signals wake waiters in the order they started waiting, with the value', () => {
    const env = new Environment();
    const signal = env.signal<number>('s');
    const order: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      env.process(
        (function* (): ProcessBody {
          const v = yield signal;
          order.push(`${name}${String(v)}`);
        })(),
      );
    }
    env.schedule(3, () => signal.succeed(9));
    env.run();
    assert.deepEqual(order, ['a9', 'b9', 'c9']);
  });

  it('a failed signal throws into its waiter, which can handle it', () => {
    const env = new Environment();
    const signal = env.signal('s');
    let caught: unknown;
    env.process(
      (function* (): ProcessBody {
        try {
          yield signal;
        } catch (error) {
          caught = error;
        }
      })(),
    );
    env.schedule(1, () => signal.fail(new Error('boom')));
    env.run();
    assert.ok(caught instanceof Error && caught.message === 'boom');
  });

  it('an unhandled process failure stops the run with the process name and time', () => {
    const env = new Environment();
    env.process(
      (function* (): ProcessBody {
        yield 2_500_000;
        throw new Error('lock corrupted');
      })(),
      'writer-3',
    );
    assert.throws(
      () => env.run(),
      (error: unknown) =>
        error instanceof SimError &&
        error.message.includes('process "writer-3"') &&
        error.message.includes('t=0.0000025s') &&
        error.message.includes('lock corrupted'),
    );
  });

  it('a failed signal nobody waits for stops the run', () => {
    const env = new Environment();
    env.signal('orphan').fail(new Error('nobody listens'));
    assert.throws(() => env.run(), /nobody listens/);
  });

  it('a bad yield fails the process loudly', () => {
    const env = new Environment();
    env.process(
      (function* (): Generator<unknown, void, unknown> {
        yield 'soon';
      })() as ProcessBody,
      'confused',
    );
    assert.throws(() => env.run(), /confused.*yielded soon/s);
  });

  it('rejects negative, fractional and out-of-range delays', () => {
    for (const delay of [-1, 0.5, Number.NaN, 2 ** 53]) {
      const env = new Environment();
      env.process(
        (function* (): ProcessBody {
          yield delay;
        })(),
      );
      assert.throws(() => env.run(), SimError, `delay ${delay}`);
    }
  });

  it('anyOf resolves with the first child, and a timeout can bound a wait', () => {
    const env = new Environment();
    const lock = env.signal('lock-granted');
    let winner: Awaitable<unknown> | undefined;
    let resumed = 0;
    env.process(
      (function* (): ProcessBody {
        const deadline = env.timeout(50, undefined, 'deadline');
        winner = (yield env.anyOf([lock, deadline])) as Awaitable<unknown>;
        resumed++;
      })(),
    );
    env.schedule(80, () => lock.succeed());
    env.run();
    assert.equal(winner?.name, 'deadline');
    assert.equal(resumed, 1);
    assert.equal(env.now, 80);
  });

  it('allOf resolves with every value once all are done', () => {
    const env = new Environment();
    let values: unknown;
    env.process(
      (function* (): ProcessBody {
        values = yield env.allOf([env.timeout(5, 'a'), env.timeout(2, 'b'), env.timeout(9, 'c')]);
      })(),
    );
    env.run();
    assert.deepEqual(values, ['a', 'b', 'c']);
    assert.equal(env.now, 9);
  });

  it('a cancelled timeout never resumes its waiter', () => {
    const env = new Environment();
    const timeout = env.timeout(10);
    let resumed = false;
    env.process(
      (function* (): ProcessBody {
        yield timeout;
        resumed = true;
      })(),
    );
    env.schedule(5, () => timeout.cancel());
    env.run();
    assert.equal(resumed, false);
  });

  it('interrupt throws into a waiting process and cancels its wait', () => {
    const env = new Environment();
    const never = env.signal('lock');
    const log: string[] = [];
    const waiter = env.process(
      (function* (): ProcessBody {
        try {
          yield never;
          log.push('acquired');
        } catch (error) {
          log.push(error instanceof Interrupt ? `interrupted:${String(error.cause)}@${env.now}` : 'other');
        }
        yield 100;
        log.push(`done@${env.now}`);
      })(),
    );
    env.schedule(30, () => waiter.interrupt('deadline'));
    env.schedule(40, () => never.succeed());
    env.run();
    assert.deepEqual(log, ['interrupted:deadline@30', 'done@130']);
  });

  it('run(until) processes events strictly before until and leaves the clock there', () => {
    const env = new Environment();
    const fired: number[] = [];
    for (const t of [1, 5, 10, 15]) env.schedule(t, () => fired.push(t));
    env.run(10);
    assert.deepEqual(fired, [1, 5]);
    assert.equal(env.now, 10);
    env.run(20);
    assert.deepEqual(fired, [1, 5, 10, 15]);
  });

  it('run(awaitable) stops when it is processed and returns its value', () => {
    const env = new Environment();
    const p = env.process(
      (function* (): ProcessBody<string> {
        yield 42;
        return 'ok';
      })(),
    );
    env.schedule(1000, () => undefined);
    assert.equal(env.run(p), 'ok');
    assert.equal(env.now, 42);
  });

  it('step() returns false on an empty queue; peek() says when the next event is', () => {
    const env = new Environment();
    assert.equal(env.peek(), Number.POSITIVE_INFINITY);
    assert.equal(env.step(), false);
    env.schedule(7, () => undefined);
    assert.equal(env.peek(), 7);
    assert.equal(env.step(), true);
    assert.equal(env.now, 7);
  });

  it('keeps working when the queue grows far past its initial capacity', () => {
    const env = new Environment({ initialCapacity: 4 });
    let count = 0;
    for (let i = 0; i < 10_000; i++) env.schedule((i * 7919) % 1000, () => count++);
    env.run();
    assert.equal(count, 10_000);
    assert.equal(env.eventsProcessed, 10_000);
  });
});

describe('Signal.succeedNow', () => {
  const scenario = (now: boolean): { at: number; order: string[]; events: number } => {
    const env = new Environment();
    const order: string[] = [];
    const s = env.signal('result');
    let at = -1;
    env.process(
      (function* () {
        yield s;
        at = env.now;
        order.push('waiter');
      })(),
    );
    env.callWith(
      5,
      () => {
        env.callWith(0, () => order.push('queued before'), null);
        if (now) s.succeedNow();
        else s.succeed();
      },
      null,
    );
    env.run();
    return { at, order, events: env.eventsProcessed };
  };

  it('from a callback: resumes the waiter inside the same event, at the same time', () => {
    const later = scenario(false);
    const direct = scenario(true);
    assert.equal(later.at, 5);
    assert.equal(direct.at, 5);
    assert.deepEqual(later.order, ['queued before', 'waiter']);
    assert.deepEqual(direct.order, ['waiter', 'queued before']);
    assert.equal(direct.events, later.events - 1, 'one event saved');
  });

  it('inside a process: the same as succeed (waiters resume in their own event)', () => {
    const env = new Environment();
    const s = env.signal('x');
    const order: string[] = [];
    env.process(
      (function* () {
        yield s;
        order.push('waiter');
      })(),
    );
    env.process(
      (function* () {
        yield 1;
        s.succeedNow(7);
        order.push('trigger continues');
      })(),
    );
    env.run();
    assert.deepEqual(order, ['trigger continues', 'waiter']);
    assert.equal(s.value, 7);
  });
});

describe('Signal.rearm', () => {
  it('a processed signal serves the next wait; one not yet processed cannot be re-armed', () => {
    const env = new Environment();
    const s = env.signal<number>('gate');
    const got: [number, number][] = [];
    env.process(
      (function* () {
        for (let i = 0; i < 3; i++) {
          if (s.processed) s.rearm();
          const v = (yield s) as number;
          got.push([env.now, v]);
        }
      })(),
    );
    for (const t of [2, 5, 9]) env.callWith(t, () => s.succeedNow(t * 10), null);
    env.run();
    assert.deepEqual(got, [
      [2, 20],
      [5, 50],
      [9, 90],
    ]);
    const pending = env.signal('pending');
    assert.throws(() => pending.rearm(), /before it has been processed/);
    pending.succeed();
    assert.throws(() => pending.rearm(), /before it has been processed/);
  });
});
