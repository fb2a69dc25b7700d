// A sweep worker thread: registers tsx (TypeScript sources), then runs bursts sent by the pool.
import { register } from 'tsx/esm/api';

register();
await import('../src/experiment/burstWorker.ts');
