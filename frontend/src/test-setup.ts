import './i18n';

// antd reads these in jsdom.
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

// The CI machine has two shared cores: give async UI assertions room before they fail.
import { configure } from '@testing-library/react';
configure({ asyncUtilTimeout: 10_000 });
