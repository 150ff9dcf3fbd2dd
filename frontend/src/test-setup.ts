import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

import './i18n';
import './test-styles';

// openapi-fetch builds a Request from the relative `/api/...` URL, which Node's Request
// refuses outside a page: resolve it against the jsdom page's origin, as a browser does.
const BaseRequest = globalThis.Request;
globalThis.Request = class extends BaseRequest {
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(typeof input === 'string' ? new URL(input, window.location.origin) : input, init);
  }
};

// What jsdom lacks and antd uses.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};
// A file's bytes, as the import reads an upload (and a test a download).
Blob.prototype.arrayBuffer ??= function (this: Blob) {
  return new Promise<ArrayBuffer>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(this);
  });
};
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  }),
});

// Vitest runs without globals, so Testing Library cannot unmount between tests by itself.
afterEach(cleanup);

// The CI machine has two shared cores: give async UI assertions room before they fail.
configure({ asyncUtilTimeout: 10_000 });
