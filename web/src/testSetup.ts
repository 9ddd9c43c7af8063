import { TextDecoder, TextEncoder } from 'util';

// jest-environment-jsdom 29 (jsdom 20) lacks TextEncoder, which react-router uses.
if (typeof globalThis.TextEncoder === 'undefined') {
  Object.assign(globalThis, { TextEncoder, TextDecoder });
}
