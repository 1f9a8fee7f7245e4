// Each export is a Cloud Function for Firebase, declared with
// firebase-functions' v2 wrappers as usual, so that `firebase deploy` and
// the emulator see its trigger and options. An export that holds a Go
// function runs it: `go.hello` is the Go function Hello in ../go (a name on
// `go` means the Go function of that name, or with a capital first letter),
// whatever the export is called, grouped exports included.
//
// ./go-handoff is what `npm run build` writes: the Go binary, the loader and
// its addon. The process that serves a Go function becomes the Go binary;
// the processes of JavaScript functions beside them, and those that only read
// these definitions (discovery, deploy, tests), stay Node.js. JavaScript code
// cannot call a Go function: hand it to firebase-functions as it is.
const { onRequest } = require('firebase-functions/v2/https');
// const { onMessagePublished } = require('firebase-functions/v2/pubsub');

const go = require('./go-handoff');

exports.hello = onRequest(go.hello);

// More functions: an exported Go function for each, and a line here.
//   exports.greet = onRequest({ region: 'europe-west1' }, go.greet);
//   exports.onOrder = onMessagePublished('orders', go.onOrder);
//   exports.orders = { create: onRequest(go.createOrder) };  // orders-create, runs CreateOrder
// JavaScript functions sit beside them, and stay JavaScript:
//   exports.status = onRequest((req, res) => res.send('ok'));
