// Each export is a Cloud Function for Firebase, declared with
// firebase-functions' v2 wrappers as usual, so that `firebase deploy` and
// the emulator see its trigger and options. Each is the Go function of the
// same name in ../go, with a capital first letter: `hello` is `Hello`.
//
// ./go-handoff is what `npm run build` writes: the Go binary, the loader and
// its addon. The process that serves a function becomes the Go binary, which
// serves the function Firebase names (FUNCTION_TARGET, the export's name);
// the processes that only read these definitions (discovery, deploy, tests)
// stay Node.js.
const { onRequest } = require('firebase-functions/v2/https');
// const { onMessagePublished } = require('firebase-functions/v2/pubsub');

const go = require('./go-handoff');

exports.hello = onRequest(go.hello);

// More functions: an exported Go function for each, and a line here.
//   exports.greet = onRequest({ region: 'europe-west1' }, go.greet);
//   exports.onOrder = onMessagePublished('orders', go.onOrder);
