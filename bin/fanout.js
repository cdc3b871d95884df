#!/usr/bin/env node
'use strict';
// The SDK's notice that releases after January 2027 need Node 22 does not apply: the lockfile pins its version.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Runs the compiled CLI; `npm install` builds it through the `prepare` script.
require('../dist/cli/main.js').main(process.argv.slice(2));
