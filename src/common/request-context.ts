import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestActor {
  userId: string;
  role: string;
  email: string;
}

export interface RequestContextState {
  requestId: string;
  actor?: RequestActor;
}

const storage = new AsyncLocalStorage<RequestContextState>();

/** Who is asking and under which request id, available anywhere below the HTTP handler (e.g. audit). */
export const RequestContext = {
  run<T>(state: RequestContextState, fn: () => T): T {
    return storage.run(state, fn);
  },
  current(): RequestContextState | undefined {
    return storage.getStore();
  },
};
