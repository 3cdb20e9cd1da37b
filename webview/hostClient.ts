import type { EventMap, EventName, HostToWebview, RequestMap, RequestName, WebviewToHost } from '../src/protocol';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

type Listener<K extends EventName> = (payload: EventMap[K]) => void;

/** Typed requests to the extension host and subscriptions to its events. */
export class HostClient {
  private readonly api = acquireVsCodeApi();
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();

  constructor() {
    window.addEventListener('message', (e: MessageEvent<HostToWebview>) => this.receive(e.data));
  }

  request<K extends RequestName>(name: K, params: RequestMap[K]['params']): Promise<RequestMap[K]['result']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.api.postMessage({ kind: 'request', id, name, params });
    });
  }

  on<K extends EventName>(name: K, listener: Listener<K>): () => void {
    const set = this.listeners.get(name) ?? new Set();
    set.add(listener as Listener<EventName>);
    this.listeners.set(name, set);
    return () => set.delete(listener as Listener<EventName>);
  }

  private receive(message: HostToWebview): void {
    if (message.kind === 'response') {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(new Error(message.error));
    } else if (message.kind === 'event') {
      for (const listener of this.listeners.get(message.name) ?? []) listener(message.payload);
    }
  }
}
