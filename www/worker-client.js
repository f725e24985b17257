// The page's side of worker.js: one request → one promise, progress callbacks, and cancel by
// terminating the worker (a wasm call cannot be interrupted any other way). The connection's
// bookkeeping (the Worker, pending requests) belongs to this object, not to the page state.
// Dispatches 'busy' whenever the number of pending requests changes.
class WorkerClient extends EventTarget {
  #url;
  #worker = null;
  #nextId = 1;
  #pending = new Map(); // id -> { resolve, reject, onProgress }

  constructor(url) {
    super();
    this.#url = url;
  }

  get pendingCount() {
    return this.#pending.size;
  }

  start() {
    const worker = new Worker(this.#url, { type: 'module' });
    worker.addEventListener('message', (e) => this.#receive(e.data));
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      this.#rejectAll(new Error(e.message || 'worker failed'));
    });
    this.#worker = worker;
  }

  /** Post `{ type, ...payload }`; resolves with the worker's result, rejects with its error. */
  call(type, payload = {}, transfer = [], onProgress = null) {
    return new Promise((resolve, reject) => {
      const id = this.#nextId++;
      this.#pending.set(id, { resolve, reject, onProgress });
      this.#changed();
      this.#worker.postMessage({ id, type, ...payload }, transfer);
    });
  }

  /** Stop whatever runs, reject every pending call with `{ cancelled: true }`, start afresh. */
  restart() {
    this.#worker.terminate();
    this.#rejectAll(Object.assign(new Error('cancelled'), { cancelled: true }));
    this.start();
  }

  #receive(msg) {
    const p = this.#pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'progress') {
      if (p.onProgress) p.onProgress(msg.fraction);
      return;
    }
    this.#pending.delete(msg.id);
    this.#changed();
    if (msg.type === 'result') p.resolve(msg.result);
    else p.reject(Object.assign(new Error(msg.error.message), msg.error));
  }

  #rejectAll(err) {
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
    this.#changed();
  }

  #changed() {
    this.dispatchEvent(new Event('busy'));
  }
}

export const worker = new WorkerClient('./worker.js');
