"""The M/M/1 hold model of bench/models/mm1.ts, line for line in SimPy 3 (process style).

Prints one JSON line: served, meanWait (in the model's time unit), events processed, wallSeconds.
Usage: python3 mm1_simpy.py ARRIVAL_MEAN SERVICE_MEAN HORIZON [SEED]
"""
import collections
import json
import random
import sys
import time

import simpy


def run(arrival_mean, service_mean, horizon, seed):
    env = simpy.Environment()
    arrivals = random.Random(seed)
    service = random.Random(seed + 1)
    queue = collections.deque()
    state = {'wake': None, 'served': 0, 'wait_sum': 0.0}

    def source():
        while True:
            yield env.timeout(arrivals.expovariate(1.0 / arrival_mean))
            queue.append(env.now)
            if state['wake'] is not None:
                idle = state['wake']
                state['wake'] = None
                idle.succeed()

    def server():
        while True:
            if not queue:
                state['wake'] = env.event()
                yield state['wake']
            arrived = queue.popleft()
            state['wait_sum'] += env.now - arrived
            yield env.timeout(service.expovariate(1.0 / service_mean))
            state['served'] += 1

    env.process(source())
    env.process(server())
    started = time.perf_counter()
    env.run(until=horizon)
    wall = time.perf_counter() - started
    # SimPy numbers every scheduled event from one counter; what is still queued was not processed.
    events = next(env._eid) - len(env._queue) - 1  # -1: the stop event that ended the run
    served = state['served']
    return {
        'served': served,
        'meanWait': state['wait_sum'] / max(1, served),
        'events': events,
        'wallSeconds': wall,
    }


if __name__ == '__main__':
    a, s, h = (float(x) for x in sys.argv[1:4])
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    print(json.dumps(run(a, s, h, seed)))
