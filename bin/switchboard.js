#!/usr/bin/env node
'use strict';
// The CLI is compiled to dist/ by `npm run build` (run automatically by `npm ci`).
const path = require('path');
const fs = require('fs');
const entry = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('switchboard: not built yet; run `npm run build` first\n');
  process.exit(1);
}
// Unless told otherwise, run as in production: graphql-js then skips its
// development-time instanceof guard, a cost on every value of every result row.
if (process.env.NODE_ENV === undefined) process.env.NODE_ENV = 'production';
require(entry).main(process.argv);
