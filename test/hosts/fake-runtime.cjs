// A stand-in for hosts that cannot run here: one that is not Linux (macOS,
// Windows), or a Node.js whose Node-API is older than the loader needs (a
// real old Node.js, 8.17, is tested too, but it has Node-API 4). Preloaded
// with NODE_OPTIONS=--require, it makes process.platform and
// process.versions.napi say GO_HANDOFF_TEST_PLATFORM and GO_HANDOFF_TEST_NAPI
// (each when set) before the host or go-handoff's loader reads them. Nothing
// else changes: the tests check that the loader refuses such a host clearly,
// and never gets as far as the addon or execve.
'use strict';
const { GO_HANDOFF_TEST_PLATFORM: platform, GO_HANDOFF_TEST_NAPI: napi } = process.env;
if (!platform && !napi) throw new Error('fake-runtime.cjs: set GO_HANDOFF_TEST_PLATFORM or GO_HANDOFF_TEST_NAPI to what to pretend');
if (platform) Object.defineProperty(process, 'platform', { value: platform, enumerable: true, configurable: true });
if (napi) Object.defineProperty(process, 'versions', { value: Object.freeze({ ...process.versions, napi }), enumerable: true, configurable: true });
