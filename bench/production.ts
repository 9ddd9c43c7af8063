/**
 * Imported first by the harness: its in-process server runs as `switchboard serve`
 * does (bin/switchboard.js), with NODE_ENV=production unless set, before graphql-js
 * reads it.
 */
if (process.env.NODE_ENV === undefined) process.env.NODE_ENV = 'production';
export {};
